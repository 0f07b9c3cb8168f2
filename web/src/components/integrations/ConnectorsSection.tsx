import { LoaderCircle, Pencil, PlugZap, Plus, ScrollText, Trash2, Unplug } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { toast } from 'sonner'
import { useConnectors, useDeleteConnector, useTestConnector, type Connector } from '@/api/connectors'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { EmptyState } from '@/components/shared/EmptyState'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDateTime, pluralize } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'
import { ConnectorTestOutcome, LastErrorText, lastSuccessText, VendorIcon } from './connectorDisplay'
import { ConnectorFormDialog } from './ConnectorFormDialog'
import { PixelStateBadge } from './pixelDisplay'
import { successRateText } from './webhookDisplay'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

function ConnectorCard({ connector: c, onEdit, onDelete }: { connector: Connector; onEdit: () => void; onDelete: () => void }) {
  const { canWrite } = usePermissions()
  const writable = canWrite('integrations')
  const test = useTestConnector()
  return (
    <Card className="flex h-full min-w-0 flex-col gap-3 p-4" aria-label={c.name} role="group">
      <div className="flex items-start gap-3">
        <VendorIcon vendor={c.vendor} />
        <div className="flex min-w-0 flex-1 flex-col">
          <span className="text-xs text-muted-foreground">{c.vendorName}</span>
          <Link to={`/integrations/connectors/${c.id}`} className="font-medium break-words hover:text-primary hover:underline">
            {c.name}
          </Link>
        </div>
        <PixelStateBadge pixel={c} />
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        <div className="flex min-w-0 flex-col">
          <dt className="text-xs text-muted-foreground">Success (7 days)</dt>
          <dd>
            {successRateText(c)}
            {c.figures.attempts > 0 && <span className="text-xs text-muted-foreground"> of {pluralize(c.figures.attempts, 'attempt')}</span>}
          </dd>
        </div>
        <div className="flex min-w-0 flex-col">
          <dt className="text-xs text-muted-foreground">Last success</dt>
          <dd title={c.figures.lastSuccessAt ? formatDateTime(c.figures.lastSuccessAt) : undefined}>{lastSuccessText(c)}</dd>
        </div>
        {(c.lastError || (!c.enabled && c.disabledReason)) && (
          <div className="col-span-2 flex min-w-0 flex-col">
            <dt className="text-xs text-muted-foreground">{c.lastError ? 'Last error' : 'Disabled by the platform'}</dt>
            <dd>{c.lastError ? <LastErrorText connector={c} max={90} /> : c.disabledReason}</dd>
          </div>
        )}
      </dl>
      {test.data && <ConnectorTestOutcome result={test.data} />}
      <div className="mt-auto flex flex-wrap gap-2 pt-1">
        {writable && (
          <>
            <Button
              variant="outline"
              size="sm"
              disabled={test.isPending}
              onClick={() => test.mutate(c.id, { onError: (error) => toast.error(serverErrorMessage(error)) })}
            >
              {test.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <PlugZap aria-hidden="true" />}
              Test connection
            </Button>
            <Button variant="outline" size="sm" onClick={onEdit} aria-label={`Edit ${c.name}`}>
              <Pencil aria-hidden="true" />
              Edit
            </Button>
          </>
        )}
        <Button variant="outline" size="sm" asChild>
          <Link to={`/integrations/connectors/${c.id}`} aria-label={`Log of ${c.name}`}>
            <ScrollText aria-hidden="true" />
            Log
          </Link>
        </Button>
        {writable && (
          <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={onDelete} aria-label={`Delete ${c.name}`}>
            <Trash2 aria-hidden="true" />
            Delete
          </Button>
        )}
      </div>
    </Card>
  )
}

/** The account's connectors to CRMs and ad platforms, a card each with its health, and Add connector. */
export function ConnectorsSection() {
  const connectors = useConnectors()
  const remove = useDeleteConnector()
  const [adding, setAdding] = useState(false)
  const [editing, setEditing] = useState<Connector>()
  const [editOpen, setEditOpen] = useState(false)
  const [deleting, setDeleting] = useState<Connector>()
  const { canWrite } = usePermissions()
  const writable = canWrite('integrations')
  const add = writable ? (
    <Button onClick={() => setAdding(true)}>
      <Plus aria-hidden="true" />
      Add connector
    </Button>
  ) : (
    <ReadOnlyNote area="integrations" />
  )
  return (
    <section aria-labelledby="connectors-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0 max-w-3xl">
          <h2 id="connectors-heading" className="text-lg font-semibold">
            Connectors
          </h2>
          <p className="text-sm text-muted-foreground">
            Send calls straight to your CRM or ad platform through its own API: HubSpot, Salesforce, Pipedrive, Google Analytics 4, Meta and
            Google Ads. Each delivery is logged and can be replayed, like a webhook's.
          </p>
        </div>
        {add}
      </div>
      {connectors.isPending ? (
        <div role="status" aria-label="Loading the connectors" className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
          <Skeleton className="h-48 w-full" />
          <Skeleton className="h-48 w-full" />
        </div>
      ) : connectors.isError ? (
        <QueryErrorAlert title="The connectors could not be loaded." error={connectors.error} onRetry={() => void connectors.refetch()} />
      ) : connectors.data.length === 0 ? (
        <Card>
          <EmptyState
            icon={Unplug}
            title="No connectors yet"
            description="Add one to log each call in your CRM, or report calls and conversions to Google Analytics, Meta or Google Ads."
            action={
              writable && (
                <Button size="sm" onClick={() => setAdding(true)}>
                  <Plus aria-hidden="true" />
                  Add connector
                </Button>
              )
            }
          />
        </Card>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3" aria-label="Connectors">
          {connectors.data.map((c) => (
            <li key={c.id} className="min-w-0">
              <ConnectorCard connector={c} onEdit={() => {
                  setEditing(c)
                  setEditOpen(true)
                }} onDelete={() => setDeleting(c)} />
            </li>
          ))}
        </ul>
      )}
      <ConnectorFormDialog open={adding} onOpenChange={setAdding} />
      {editing && <ConnectorFormDialog open={editOpen} connector={editing} onOpenChange={setEditOpen} />}
      <ConfirmDialog
        open={deleting !== undefined}
        onOpenChange={(open) => {
          if (!open) {
            remove.reset()
            setDeleting(undefined)
          }
        }}
        title="Delete this connector?"
        description={<>Nothing more is sent to {deleting?.vendorName}, and its delivery log is deleted with it. This cannot be undone.</>}
        confirmLabel="Delete connector"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              toast.success('Connector deleted')
              setDeleting(undefined)
            },
          })
        }
      />
    </section>
  )
}
