import { CircleAlert, History, LoaderCircle, RotateCcw } from 'lucide-react'
import { useState } from 'react'
import { toast } from 'sonner'
import { useCallFlowVersions, useRollbackCallFlow } from '@/api/callFlows'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDateTime, pluralize } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'

/** The published versions, newest first, each of which can be published again (rollback). */
export function VersionsDialog({
  flowId,
  open,
  onOpenChange,
  publishedVersion,
  unsaved,
  onRolledBack,
}: {
  flowId: number
  open: boolean
  onOpenChange: (open: boolean) => void
  publishedVersion: number | null | undefined
  /** The editor has changes not saved yet (a rollback replaces the draft). */
  unsaved: boolean
  onRolledBack: () => void
}) {
  const versions = useCallFlowVersions(flowId, open)
  const rollback = useRollbackCallFlow(flowId)
  const [confirming, setConfirming] = useState<number>()
  const [note, setNote] = useState('')
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (rollback.isPending) return
        if (!next) {
          setConfirming(undefined)
          rollback.reset()
        }
        onOpenChange(next)
      }}
    >
      <DialogContent layout="sections" className="max-h-[90dvh] max-w-xl">
        <DialogHeader>
          <DialogTitle>Version history</DialogTitle>
          <DialogDescription>Rolling back publishes an earlier version again: it becomes the newest version and the draft.</DialogDescription>
        </DialogHeader>
        <DialogBody>
          {versions.isPending ? (
            <div className="flex flex-col gap-2" role="status" aria-label="Loading versions">
              <Skeleton className="h-12" />
              <Skeleton className="h-12" />
            </div>
          ) : versions.isError ? (
            <QueryErrorAlert title="The versions could not be loaded." error={versions.error} onRetry={() => void versions.refetch()} />
          ) : versions.data.length === 0 ? (
            <p className="flex items-center gap-2 py-6 text-sm text-muted-foreground">
              <History className="size-4" aria-hidden="true" />
              Not published yet: publish the draft to create version 1.
            </p>
          ) : (
            <ol aria-label="Versions" className="flex flex-col divide-y divide-border">
              {versions.data.map((v) => (
                <li key={v.version} className="flex flex-col gap-2 py-3">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">Version {v.version}</span>
                    {v.version === publishedVersion && <Badge variant="success">Live</Badge>}
                    <span className="text-xs text-muted-foreground">
                      {formatDateTime(v.publishedAt)} · {pluralize(v.nodeCount, 'node')}
                    </span>
                    {v.version !== publishedVersion && confirming !== v.version && (
                      <Button variant="outline" size="sm" className="ml-auto" onClick={() => setConfirming(v.version)}>
                        <RotateCcw aria-hidden="true" />
                        Roll back
                      </Button>
                    )}
                  </div>
                  {v.note && <p className="text-sm text-muted-foreground">{v.note}</p>}
                  {confirming === v.version && (
                    <div className="flex flex-col gap-2 rounded-md border border-border p-3">
                      {unsaved && (
                        <Alert variant="warning">
                          <CircleAlert aria-hidden="true" />
                          <span>The draft has changes not saved yet; rolling back replaces them.</span>
                        </Alert>
                      )}
                      <Input aria-label="Rollback note" placeholder="Why (optional)" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
                      {rollback.error != null && (
                        <p role="alert" className="text-sm text-destructive">
                          {serverErrorMessage(rollback.error)}
                        </p>
                      )}
                      <div className="flex justify-end gap-2">
                        <Button variant="ghost" size="sm" onClick={() => setConfirming(undefined)} disabled={rollback.isPending}>
                          Cancel
                        </Button>
                        <Button
                          size="sm"
                          disabled={rollback.isPending}
                          onClick={() =>
                            rollback.mutate(
                              { version: v.version, note: note.trim() || null },
                              {
                                onSuccess: (out) => {
                                  toast.success(`Version ${v.version} is live again, as version ${out.version}`)
                                  setConfirming(undefined)
                                  setNote('')
                                  onOpenChange(false)
                                  onRolledBack()
                                },
                              },
                            )
                          }
                        >
                          {rollback.isPending && <LoaderCircle className="animate-spin" aria-hidden="true" />}
                          Roll back to version {v.version}
                        </Button>
                      </div>
                    </div>
                  )}
                </li>
              ))}
            </ol>
          )}
        </DialogBody>
      </DialogContent>
    </Dialog>
  )
}
