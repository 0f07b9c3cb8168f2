import { useState } from 'react'
import { useNavigate } from 'react-router'
import { toast } from 'sonner'
import { useConnectorTypes, useSaveConnector, type Connector, type ConnectorType } from '@/api/connectors'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Skeleton } from '@/components/ui/skeleton'
import { VendorIcon } from './connectorDisplay'
import { ConnectorForm } from './ConnectorForm'

/** The six vendors as cards; picking one opens its form. */
function VendorPicker({ types, onPick, onCancel }: { types: readonly ConnectorType[]; onPick: (vendor: string) => void; onCancel: () => void }) {
  return (
    <>
      <DialogBody>
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Vendors">
          {types.map((t) => (
            <li key={t.vendor}>
              <button
                type="button"
                onClick={() => onPick(t.vendor)}
                className="flex h-full w-full items-start gap-3 rounded-xl border border-border bg-card p-4 text-left shadow-xs outline-none transition-colors hover:border-primary hover:bg-accent/40 focus-visible:ring-2 focus-visible:ring-ring"
              >
                <VendorIcon vendor={t.vendor} />
                <span className="flex min-w-0 flex-col gap-1">
                  <span className="font-medium">{t.name}</span>
                  <span className="text-xs text-muted-foreground">{t.summary}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </DialogBody>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
      </DialogFooter>
    </>
  )
}

/**
 * Add a connector (no `connector`): pick the vendor, then fill in its form; a new one opens its
 * page once added. Or edit one (its vendor is fixed).
 */
export function ConnectorFormDialog({ open, connector, onOpenChange }: { open: boolean; connector?: Connector; onOpenChange: (open: boolean) => void }) {
  const types = useConnectorTypes(open)
  const save = useSaveConnector()
  const navigate = useNavigate()
  const [picked, setPicked] = useState<string>()
  const vendor = connector?.vendor ?? picked
  const type = types.data?.find((t) => t.vendor === vendor)
  const close = (next: boolean) => {
    if (!next) setPicked(undefined)
    onOpenChange(next)
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent layout="sections" className="max-h-[92dvh] max-w-3xl">
        <DialogHeader>
          <DialogTitle>{connector ? 'Edit connector' : 'Add connector'}</DialogTitle>
          <DialogDescription>
            {type ? `${type.name}: ${type.summary}` : 'Pick the tool to send your calls to.'}
          </DialogDescription>
        </DialogHeader>
        {types.isPending ? (
          <DialogBody role="status" aria-label="Loading the vendors" className="grid gap-3 sm:grid-cols-2">
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} className="h-24 w-full" />
            ))}
          </DialogBody>
        ) : types.isError ? (
          <DialogBody>
            <QueryErrorAlert title="The vendors could not be loaded." error={types.error} onRetry={() => void types.refetch()} />
          </DialogBody>
        ) : !type ? (
          <VendorPicker types={types.data} onPick={setPicked} onCancel={() => close(false)} />
        ) : (
          open && (
            <ConnectorForm
              key={connector?.id ?? type.vendor}
              type={type}
              connector={connector}
              onBack={connector ? undefined : () => setPicked(undefined)}
              onCancel={() => close(false)}
              onSave={async (input) => {
                const saved = await save.mutateAsync({ id: connector?.id, input })
                close(false)
                if (connector) {
                  toast.success('Connector saved')
                } else {
                  toast.success('Connector added')
                  navigate(`/integrations/connectors/${saved.id}`)
                }
              }}
            />
          )
        )}
      </DialogContent>
    </Dialog>
  )
}
