import { Link2, Pencil, Plus, Search, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { toast } from 'sonner'
import { useCampaignOptions } from '@/api/campaigns'
import { useDeleteUrlParameter, useUrlParameters, type UrlParameter } from '@/api/urlParameters'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { labelOf } from '@/lib/labels'
import { PARAMETER_STATUS_LABELS, PARAMETER_TYPE_LABELS } from './urlParameterForm'
import { UrlParameterFormDialog } from './UrlParameterFormDialog'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

/** The voice webhook URL with a parameter in its query, as the explanation shows it. */
export const VOICE_URL_EXAMPLE = 'https://your-domain/api/webhooks/twilio?affiliate=a1'

/** The call explorer, ready to filter by `name` (the value is typed there). */
export function findCallsUrl(name: string): string {
  return `/enhanced-reporting?${new URLSearchParams({ paramName: name })}`
}

interface Actions {
  campaignName: (id: string) => string
  onEdit: (p: UrlParameter) => void
  onDelete: (p: UrlParameter) => void
  canWrite: boolean
}

function columns({ campaignName, onEdit, onDelete, canWrite }: Actions): Column<UrlParameter>[] {
  return [
    {
      id: 'name',
      header: 'Parameter',
      className: 'min-w-40 max-w-64 whitespace-normal',
      cell: (p) => (
        <div className="flex min-w-0 flex-col">
          <code className="text-sm font-medium break-all">{p.parameterName}</code>
          {p.displayName !== p.parameterName && <span className="text-xs break-words text-muted-foreground">{p.displayName}</span>}
        </div>
      ),
    },
    { id: 'type', header: 'Type', cell: (p) => labelOf(PARAMETER_TYPE_LABELS, p.parameterType) },
    {
      id: 'default',
      header: 'Default',
      className: 'max-w-48',
      cell: (p) =>
        p.defaultValue ? (
          <code className="block truncate text-xs" title={p.defaultValue}>
            {p.defaultValue}
          </code>
        ) : (
          <span className="text-muted-foreground">None</span>
        ),
    },
    {
      id: 'scope',
      header: 'Tracked for',
      className: 'max-w-56 whitespace-normal',
      cell: (p) => (p.trackingScope === 'campaign' && p.campaignId ? campaignName(p.campaignId) : 'All campaigns'),
    },
    {
      id: 'status',
      header: 'Status',
      cell: (p) => <Badge variant={p.status === 'active' ? 'success' : 'neutral'}>{labelOf(PARAMETER_STATUS_LABELS, p.status)}</Badge>,
    },
    {
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      cardLabel: 'Actions',
      align: 'right',
      cell: (p) => (
        <div className="flex justify-end gap-1">
          <Button asChild variant="outline" size="sm">
            <Link to={findCallsUrl(p.parameterName)} aria-label={`Find calls by ${p.parameterName}`}>
              <Search aria-hidden="true" />
              Find calls
            </Link>
          </Button>
          {canWrite && (
            <>
              <Button variant="ghost" size="icon" className="size-8" aria-label={`Edit ${p.parameterName}`} title="Edit" onClick={() => onEdit(p)}>
                <Pencil aria-hidden="true" />
              </Button>
              <Button
                variant="ghost"
                size="icon"
                className="size-8 text-destructive hover:text-destructive"
                aria-label={`Delete ${p.parameterName}`}
                title="Delete"
                onClick={() => onDelete(p)}
              >
                <Trash2 aria-hidden="true" />
              </Button>
            </>
          )}
        </div>
      ),
    },
  ]
}

function DeleteUrlParameterDialog({ parameter, onClose }: { parameter: UrlParameter | undefined; onClose: () => void }) {
  const remove = useDeleteUrlParameter()
  return (
    <ConfirmDialog
      open={parameter !== undefined}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset()
          onClose()
        }
      }}
      title="Delete URL parameter?"
      description={<>“{parameter?.parameterName}” is no longer captured on new calls. Calls keep the values they got.</>}
      confirmLabel="Delete parameter"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        parameter &&
        remove.mutate(parameter.id, {
          onSuccess: () => {
            toast.success(`URL parameter “${parameter.parameterName}” deleted`)
            onClose()
          },
        })
      }
    />
  )
}

/** The query parameters the account keeps with its calls, where their values come from, and Add/Edit/Delete. */
export function UrlParametersSection() {
  const parameters = useUrlParameters()
  const campaigns = useCampaignOptions()
  const [adding, setAdding] = useState(false)
  const { canWrite } = usePermissions()
  const writable = canWrite('integrations')
  const [editing, setEditing] = useState<UrlParameter>()
  const [toDelete, setToDelete] = useState<UrlParameter>()
  const campaignName = (id: string) => campaigns.data?.items.find((c) => c.id === id)?.name ?? id
  return (
    <section aria-labelledby="url-parameters-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0 max-w-3xl">
          <h2 id="url-parameters-heading" className="text-lg font-semibold">
            URL parameters
          </h2>
          <p className="text-sm text-muted-foreground">
            Keep query parameters of your own, such as an affiliate or sub id, with each call. A call takes each value from the web visit it is
            credited to (its landing page's query, with dynamic number insertion) and from the query string of your number's voice webhook URL,
            e.g. <code className="text-xs break-all">{VOICE_URL_EXAMPLE}</code>. A missing parameter takes its default; a value of the wrong type
            is not kept.
          </p>
        </div>
        {writable ? (
          <Button onClick={() => setAdding(true)}>
            <Plus aria-hidden="true" />
            Add parameter
          </Button>
        ) : (
          <ReadOnlyNote area="integrations" />
        )}
      </div>
      <DataTable
        cards
        caption="URL parameters"
        columns={columns({ campaignName, onEdit: setEditing, onDelete: setToDelete, canWrite: writable })}
        rows={parameters.data}
        getRowKey={(p) => p.id}
        isLoading={parameters.isPending}
        error={parameters.error}
        onRetry={() => void parameters.refetch()}
        empty={
          <EmptyState
            icon={Link2}
            title="No URL parameters yet"
            description="Add the name of a query parameter, and its value is kept with each call: shown on the call and searchable in the call list."
            action={
              writable && (
                <Button size="sm" onClick={() => setAdding(true)}>
                  <Plus aria-hidden="true" />
                  Add parameter
                </Button>
              )
            }
          />
        }
      />
      <UrlParameterFormDialog
        open={adding || editing !== undefined}
        parameter={editing}
        onOpenChange={(open) => {
          if (!open) {
            setAdding(false)
            setEditing(undefined)
          }
        }}
      />
      <DeleteUrlParameterDialog parameter={toDelete} onClose={() => setToDelete(undefined)} />
    </section>
  )
}
