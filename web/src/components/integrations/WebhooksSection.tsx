import { Plus, Webhook } from 'lucide-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { useWebhooks, type WebhookEndpoint } from '@/api/integrations'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { Button } from '@/components/ui/button'
import { formatCount, formatDateTime, pluralize } from '@/lib/format'
import { eventsSummary } from './webhookForm'
import { EndpointStateBadge, lastDelivery, latencyText, successRateText } from './webhookDisplay'
import { WebhookFormDialog } from './WebhookFormDialog'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

const columns: Column<WebhookEndpoint>[] = [
  {
    id: 'url',
    header: 'Endpoint',
    className: 'min-w-52 max-w-80 whitespace-normal',
    cell: (e) => (
      <div className="flex min-w-0 flex-col">
        <Link to={`/integrations/webhooks/${e.id}`} className="font-medium break-all hover:text-primary hover:underline">
          {e.url}
        </Link>
        {e.description && <span className="text-xs text-muted-foreground">{e.description}</span>}
      </div>
    ),
  },
  {
    id: 'events',
    header: 'Events',
    className: 'max-w-56 whitespace-normal',
    cell: (e) => (
      <div className="flex flex-col">
        <span title={e.eventTypes.join(', ') || undefined}>{eventsSummary(e.eventTypes)}</span>
        <span className="text-xs text-muted-foreground">
          {e.campaignIds.length === 0 ? 'All campaigns' : pluralize(e.campaignIds.length, 'campaign')}
        </span>
      </div>
    ),
  },
  { id: 'status', header: 'Status', className: 'max-w-56 whitespace-normal', cell: (e) => <EndpointStateBadge endpoint={e} withReason /> },
  {
    id: 'successRate',
    header: 'Success (7 days)',
    align: 'right',
    cell: (e) => (
      <div className="flex flex-col items-start sm:items-end">
        <span>{successRateText(e)}</span>
        <span className="text-xs text-muted-foreground">{e.figures.attempts > 0 ? pluralize(e.figures.attempts, 'attempt') : ''}</span>
      </div>
    ),
  },
  { id: 'latency', header: 'Avg latency', align: 'right', cell: (e) => latencyText(e.figures.averageLatencyMs) },
  {
    id: 'queue',
    header: 'Pending / failed',
    align: 'right',
    cell: (e) => (
      <span>
        {formatCount(e.figures.pending)} / <span className={e.figures.failed > 0 ? 'text-destructive' : undefined}>{formatCount(e.figures.failed)}</span>
      </span>
    ),
  },
  {
    id: 'last',
    header: 'Last delivery',
    className: 'whitespace-normal',
    cell: (e) => {
      const last = lastDelivery(e)
      return <span title={last.at ? formatDateTime(last.at) : undefined}>{last.text}</span>
    },
  },
]

/** The account's webhook endpoints, with their last 7 days, and Add endpoint. */
export function WebhooksSection() {
  const navigate = useNavigate()
  const webhooks = useWebhooks()
  const [adding, setAdding] = useState(false)
  const { canWrite } = usePermissions()
  const writable = canWrite('integrations')
  return (
    <section aria-labelledby="webhooks-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id="webhooks-heading" className="text-lg font-semibold">
            Webhooks
          </h2>
          <p className="text-sm text-muted-foreground">
            Each event is POSTed as JSON to your endpoints, signed per Standard Webhooks. A failed delivery is retried seven times over
            about 28 hours.
          </p>
        </div>
        {writable ? (
          <Button onClick={() => setAdding(true)}>
            <Plus aria-hidden="true" />
            Add endpoint
          </Button>
        ) : (
          <ReadOnlyNote area="integrations" />
        )}
      </div>
      <DataTable
        cards
        caption="Webhook endpoints"
        columns={columns}
        rows={webhooks.data}
        getRowKey={(e) => e.id}
        isLoading={webhooks.isPending}
        error={webhooks.error}
        onRetry={() => void webhooks.refetch()}
        onRowClick={(e) => navigate(`/integrations/webhooks/${e.id}`)}
        empty={
          <EmptyState
            icon={Webhook}
            title="No webhook endpoints yet"
            description="Add the URL of your CRM, data warehouse or own server, and it receives calls, conversions, auctions and changes as they happen."
            action={
              writable && (
                <Button size="sm" onClick={() => setAdding(true)}>
                  <Plus aria-hidden="true" />
                  Add endpoint
                </Button>
              )
            }
          />
        }
      />
      <WebhookFormDialog open={adding} onOpenChange={setAdding} />
    </section>
  )
}
