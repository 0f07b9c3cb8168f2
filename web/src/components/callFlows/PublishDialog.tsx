import { CircleAlert, LoaderCircle, Send } from 'lucide-react'
import { useState } from 'react'
import { problemsOf } from '@/api/callFlows'
import { FormField } from '@/components/shared/FormField'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Textarea } from '@/components/ui/textarea'
import { serverErrorMessage } from '@/lib/serverErrors'
import type { FlowProblem } from './model'

/** Publishes the draft (saved first) as the next version, with a note for the history. */
export function PublishDialog({
  open,
  onOpenChange,
  problems,
  onPublish,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** The draft's problems as last saved: publishing would be refused. */
  problems: readonly FlowProblem[]
  /** Saves and publishes; throws the server's error. */
  onPublish: (note: string | null) => Promise<void>
}) {
  const [note, setNote] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<unknown>()
  const refused = problemsOf(error)
  const submit = async () => {
    setPending(true)
    setError(undefined)
    try {
      await onPublish(note.trim() || null)
      setNote('')
      onOpenChange(false)
    } catch (e) {
      setError(e)
    } finally {
      setPending(false)
    }
  }
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return
        if (!next) setError(undefined)
        onOpenChange(next)
      }}
    >
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Publish call flow</DialogTitle>
          <DialogDescription>The draft becomes the next version: calls that enter the flow from now on run it.</DialogDescription>
        </DialogHeader>
        {problems.length > 0 && !refused && (
          <Alert variant="warning">
            <CircleAlert aria-hidden="true" />
            <span>
              The draft has {problems.length} problem{problems.length === 1 ? '' : 's'}; the server will refuse to publish it until they are fixed.
            </span>
          </Alert>
        )}
        {error != null && (
          <Alert variant="destructive" role="alert">
            <CircleAlert aria-hidden="true" />
            <div className="min-w-0">
              <p className="font-medium">{serverErrorMessage(error)}</p>
              {refused && refused.length > 0 && (
                <ul className="mt-1 max-h-48 list-disc overflow-y-auto pl-4">
                  {refused.map((p, i) => (
                    <li key={i}>
                      {p.nodeId && <span className="font-mono">{p.nodeId}{p.field ? `.${p.field}` : ''}: </span>}
                      {p.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </Alert>
        )}
        <FormField label="Note" hint="What changed; shown in the version history (at most 500 characters).">
          {(p) => <Textarea {...p} rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />}
        </FormField>
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <DialogClose asChild>
            <Button variant="outline" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button onClick={() => void submit()} disabled={pending}>
            {pending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Send aria-hidden="true" />}
            Publish
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  )
}
