import { LoaderCircle, Pencil, PlugZap, Power, Trash2 } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { toast } from 'sonner'
import { useCampaignOptions } from '@/api/campaigns'
import { isApiError } from '@/api/client'
import {
  connectorInput,
  textMap,
  useConnector,
  useConnectorTypes,
  useDeleteConnector,
  useSaveConnector,
  useTestConnector,
  type Connector,
  type ConnectorType,
} from '@/api/connectors'
import { ConnectorDeliveryLog } from '@/components/integrations/ConnectorDeliveryLog'
import { ConnectorTestOutcome, lastSuccessText, VendorIcon } from '@/components/integrations/connectorDisplay'
import { effectiveMapping } from '@/components/integrations/connectorForm'
import { ConnectorFormDialog } from '@/components/integrations/ConnectorFormDialog'
import { DeliveryFigures, DisabledNotice } from '@/components/integrations/deliveryParts'
import { PixelStateBadge } from '@/components/integrations/pixelDisplay'
import { ReplaySinceForm } from '@/components/integrations/ReplaySinceForm'
import { PageHeader } from '@/components/layout/PageHeader'
import { BackLink } from '@/components/shared/BackLink'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { DetailList } from '@/components/shared/DetailList'
import { PageLoading } from '@/components/shared/PageLoading'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { useWatchWindow } from '@/hooks/useWatchWindow'
import { formatDateTime } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'
import { NotFoundPage } from './NotFoundPage'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

const none = <span className="text-muted-foreground">None</span>

function Settings({ connector: c, type }: { connector: Connector; type?: ConnectorType }) {
  const campaigns = useCampaignOptions()
  const campaignName = (id: string) => campaigns.data?.items.find((x) => x.id === id)?.name ?? id
  const settings = textMap(c.settings)
  const fields = type?.fields.filter((f) => !f.secret) ?? Object.keys(settings).map((key) => ({ key, label: key, default: null }))
  const mapping = type ? effectiveMapping(type, c.mapping) : Object.entries(textMap(c.mapping)).map(([field, template]) => ({ field, template }))
  return (
    <Card className="flex min-w-0 flex-col gap-4 p-4 sm:p-5">
      <h2 className="text-lg font-semibold">Settings</h2>
      <DetailList
        items={[
          { label: 'Vendor', value: c.vendorName },
          { label: 'Status', value: <PixelStateBadge pixel={c} withReason /> },
          { label: 'Base URL', value: <code className="text-xs break-all">{c.baseUrl}</code> },
          {
            label: 'Events',
            value: (
              <span className="flex flex-wrap gap-1">
                {c.eventTypes.map((t) => (
                  <code key={t} className="rounded bg-muted px-1.5 py-0.5 text-xs">
                    {t}
                  </code>
                ))}
              </span>
            ),
          },
          { label: 'Campaigns', value: c.campaignIds.length === 0 ? 'All campaigns' : c.campaignIds.map(campaignName).join(', ') },
          ...fields.map((f) => ({
            label: f.label,
            value: settings[f.key] ? (
              <span className="break-all">{settings[f.key]}</span>
            ) : f.default ? (
              <span className="text-muted-foreground">{f.default} (default)</span>
            ) : (
              none
            ),
          })),
          ...c.credentials.map((cred) => ({
            label: type?.fields.find((f) => f.key === cred.key)?.label ?? cred.key,
            value: cred.set ? <code className="text-xs">Set{cred.hint ? ` (${cred.hint})` : ''}</code> : <span className="text-muted-foreground">Not set</span>,
          })),
          { label: 'Created', value: formatDateTime(c.createdAt) },
          { label: 'Updated', value: formatDateTime(c.updatedAt) },
        ]}
      />
      <div className="flex flex-col gap-2">
        <h3 className="text-sm font-medium">Field mapping{type ? <span className="font-normal text-muted-foreground">: {type.mappingTarget}</span> : null}</h3>
        {mapping.length === 0 ? (
          <p className="text-sm text-muted-foreground">No fields mapped.</p>
        ) : (
          <dl className="flex flex-col divide-y divide-border rounded-lg border border-border text-xs">
            {mapping.map((row) => (
              <div key={row.field} className="grid gap-1 p-2 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] sm:gap-3">
                <dt className="font-mono font-medium break-all">{row.field}</dt>
                <dd className="font-mono break-all text-muted-foreground">{row.template}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </Card>
  )
}

/** `/integrations/connectors/:id`: a connector's health, connection test, settings and delivery log. */
export function ConnectorDetailPage() {
  const { canWrite } = usePermissions()
  const params = useParams()
  const id = Number(params.id)
  const navigate = useNavigate()
  const { watching, start: watch } = useWatchWindow()
  const [live, setLive] = useState(false)
  const connector = useConnector(Number.isInteger(id) ? id : undefined, live || watching)
  const types = useConnectorTypes()
  const pending = connector.data?.figures.pending ?? 0
  useEffect(() => setLive(pending > 0), [pending])
  const save = useSaveConnector()
  const remove = useDeleteConnector()
  const test = useTestConnector()
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)

  if (!Number.isInteger(id) || (isApiError(connector.error) && connector.error.status === 404)) return <NotFoundPage />
  if (connector.isPending) return <PageLoading label="Loading the connector" />
  if (connector.isError) {
    return <QueryErrorAlert title="The connector could not be loaded." error={connector.error} onRetry={() => void connector.refetch()} />
  }

  const c = connector.data
  const type = types.data?.find((t) => t.vendor === c.vendor)
  const toggle = () =>
    save.mutate(
      { id: c.id, input: connectorInput(c, { enabled: !c.enabled, baseUrl: type && c.baseUrl === type.defaultBaseUrl ? null : c.baseUrl }) },
      {
        onSuccess: () => toast.success(c.enabled ? 'Connector disabled: nothing is sent to it' : 'Connector enabled'),
        onError: (error) => toast.error(serverErrorMessage(error)),
      },
    )

  return (
    <>
      <BackLink to="/integrations">All integrations</BackLink>
      <PageHeader
        title={c.name}
        description={`${c.vendorName} connector`}
        actions={
          canWrite('integrations') ? (
            <div className="flex flex-wrap items-center gap-2">
              <Button onClick={() => test.mutate(c.id, { onError: (error) => toast.error(serverErrorMessage(error)) })} disabled={test.isPending}>
                {test.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <PlugZap aria-hidden="true" />}
                Test connection
              </Button>
              <Button variant="outline" onClick={() => setEditing(true)}>
                <Pencil aria-hidden="true" />
                Edit
              </Button>
              <Button variant="outline" onClick={toggle} disabled={save.isPending}>
                {save.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Power aria-hidden="true" />}
                {c.enabled ? 'Disable' : 'Enable'}
              </Button>
              <Button variant="outline" className="text-destructive hover:text-destructive" onClick={() => setDeleting(true)}>
                <Trash2 aria-hidden="true" />
                Delete
              </Button>
            </div>
          ) : (
            <ReadOnlyNote area="integrations" />
          )
        }
      />
      <div className="flex flex-col gap-6">
        <div className="flex flex-wrap items-center gap-3">
          <VendorIcon vendor={c.vendor} />
          <PixelStateBadge pixel={c} />
          <span className="text-sm text-muted-foreground">Last success: {lastSuccessText(c)}</span>
        </div>
        {test.data && <ConnectorTestOutcome result={test.data} />}
        <DisabledNotice item={c} noun="connector" failed="deliveries" byUser="This connector is disabled: nothing is sent to it until it is enabled again." />
        <DeliveryFigures label="Connector figures, last 7 days" item={c} receiver="the vendor's" />
        <Card className="flex min-w-0 flex-col gap-2 p-4 sm:p-5" aria-labelledby="last-error-heading" role="region">
          <h2 id="last-error-heading" className="text-lg font-semibold">
            Last error
          </h2>
          {c.lastError ? (
            <div className="flex flex-col gap-1 text-sm">
              <p className="break-words whitespace-pre-wrap text-red-700 dark:text-red-300">{c.lastError.message}</p>
              <p className="text-xs text-muted-foreground">
                {c.lastError.status != null ? `HTTP ${c.lastError.status} · ` : 'No answer · '}
                {formatDateTime(c.lastError.at)}
              </p>
            </div>
          ) : (
            <p className="text-sm text-muted-foreground">No failed delivery.</p>
          )}
        </Card>
        <Settings connector={c} type={type} />
        <Card className="p-4 sm:p-5">
          {canWrite('integrations') && <ReplaySinceForm endpointId={c.id} onReplayed={watch} />}
        </Card>
        <ConnectorDeliveryLog connectorId={c.id} watch={watching} onActivity={watch} />
      </div>
      <ConnectorFormDialog open={editing} connector={c} onOpenChange={setEditing} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={(open) => {
          if (!open) {
            remove.reset()
            setDeleting(false)
          }
        }}
        title="Delete this connector?"
        description={<>Nothing more is sent to {c.vendorName}, and its delivery log is deleted with it. This cannot be undone.</>}
        confirmLabel="Delete connector"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          remove.mutate(c.id, {
            onSuccess: () => {
              toast.success('Connector deleted')
              setDeleting(false)
              navigate('/integrations', { replace: true })
            },
          })
        }
      />
    </>
  )
}
