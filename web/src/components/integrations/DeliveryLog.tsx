import { Inbox, LoaderCircle, RefreshCw } from 'lucide-react'
import { useState } from 'react'
import { useWebhookMessages, type WebhookMessage, type WebhookMessageStatus } from '@/api/integrations'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { FilterSelect } from '@/components/shared/FilterSelect'
import { Button } from '@/components/ui/button'
import { formatDateTime, formatShortDateTime } from '@/lib/format'
import { MessageDetailDialog } from './MessageDetailDialog'
import { messageLastStatus, MessageStatusBadge } from './webhookDisplay'

const STATUS_OPTIONS = [
  { value: 'pending', label: 'Pending' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'failed', label: 'Failed' },
]

function columns(onOpen: (m: WebhookMessage) => void): Column<WebhookMessage>[] {
  return [
    {
      id: 'event',
      header: 'Event',
      className: 'min-w-44 whitespace-normal',
      cell: (m) => (
        <div className="flex flex-col">
          <button type="button" className="text-left font-medium hover:text-primary hover:underline" onClick={() => onOpen(m)}>
            {m.eventType}
          </button>
          <code className="text-xs text-muted-foreground">{m.webhookId}</code>
        </div>
      ),
    },
    { id: 'status', header: 'Status', cell: (m) => <MessageStatusBadge status={m.status} /> },
    { id: 'http', header: 'Last HTTP status', align: 'right', cell: (m) => messageLastStatus(m) },
    { id: 'attempts', header: 'Attempts', align: 'right', cell: (m) => String(m.attempts) },
    {
      id: 'created',
      header: 'Created',
      cell: (m) => <span title={formatDateTime(m.createdAt)}>{formatShortDateTime(m.createdAt)}</span>,
    },
    {
      id: 'outcome',
      header: 'Delivered / next attempt',
      className: 'whitespace-normal',
      cell: (m) =>
        m.status === 'delivered' ? (
          <span title={formatDateTime(m.deliveredAt)}>{formatShortDateTime(m.deliveredAt)}</span>
        ) : m.nextAttemptAt ? (
          <span title={formatDateTime(m.nextAttemptAt)}>Next {formatShortDateTime(m.nextAttemptAt)}</span>
        ) : (
          <span className="text-muted-foreground">No more attempts</span>
        ),
    },
    {
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      cardLabel: 'Actions',
      cell: (m) => (
        <Button variant="outline" size="sm" className="h-7" aria-label={`Details of ${m.webhookId}`} onClick={() => onOpen(m)}>
          Details
        </Button>
      ),
    },
  ]
}

/**
 * The messages sent to an endpoint, newest first, with a status filter and "Load more".
 * Asked again every 2 s while a message is pending, or while `watch` (just after a test or replay).
 */
export function DeliveryLog({ endpointId, watch, onActivity }: { endpointId: number; watch: boolean; onActivity: () => void }) {
  const [status, setStatus] = useState<WebhookMessageStatus | ''>('')
  const [openId, setOpenId] = useState<number>()
  const log = useWebhookMessages(endpointId, status, watch)
  const rows = log.data?.pages.flat()
  return (
    <section aria-labelledby="delivery-log-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id="delivery-log-heading" className="text-lg font-semibold">
            Delivery log
          </h2>
          <p className="text-sm text-muted-foreground">Every message sent to this endpoint, newest first. Messages are kept for 30 days.</p>
        </div>
        <div className="flex items-end gap-2">
          <FilterSelect
            label="Status"
            value={status}
            onChange={(v) => setStatus(v as WebhookMessageStatus | '')}
            options={STATUS_OPTIONS}
            allLabel="All statuses"
          />
          <Button variant="outline" size="icon" aria-label="Refresh the delivery log" title="Refresh" onClick={() => void log.refetch()} disabled={log.isFetching}>
            <RefreshCw className={log.isFetching ? 'animate-spin' : undefined} aria-hidden="true" />
          </Button>
        </div>
      </div>
      <DataTable
        cards
        caption="Delivery log"
        columns={columns((m) => setOpenId(m.id))}
        rows={rows}
        getRowKey={(m) => m.id}
        isLoading={log.isPending}
        isFetching={log.isPlaceholderData}
        error={log.error}
        onRetry={() => void log.refetch()}
        onRowClick={(m) => setOpenId(m.id)}
        empty={
          <EmptyState
            icon={Inbox}
            title={status ? `No ${status} messages` : 'Nothing sent yet'}
            description={status ? undefined : 'Messages appear here as events happen. Send a test event to see one now.'}
          />
        }
        footer={
          log.hasNextPage && (
            <div className="flex justify-center border-t border-border p-3">
              <Button variant="outline" size="sm" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
                {log.isFetchingNextPage && <LoaderCircle className="animate-spin" aria-hidden="true" />}
                Load more
              </Button>
            </div>
          )
        }
      />
      <MessageDetailDialog endpointId={endpointId} messageId={openId} onClose={() => setOpenId(undefined)} onReplayed={onActivity} />
    </section>
  )
}
