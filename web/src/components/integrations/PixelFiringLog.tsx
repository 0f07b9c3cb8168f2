import { Inbox, LoaderCircle, RefreshCw } from 'lucide-react'
import { useState } from 'react'
import type { WebhookMessageStatus } from '@/api/integrations'
import { usePixelFires, type PixelFire } from '@/api/pixels'
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

function columns(onOpen: (m: PixelFire) => void): Column<PixelFire>[] {
  return [
    {
      id: 'event',
      header: 'Event',
      className: 'min-w-36 whitespace-normal',
      cell: (m) => (
        <div className="flex flex-col">
          <button type="button" className="text-left font-medium hover:text-primary hover:underline" onClick={() => onOpen(m)}>
            {m.eventType}
          </button>
          <code className="text-xs text-muted-foreground">{m.webhookId}</code>
        </div>
      ),
    },
    {
      id: 'request',
      header: 'Request',
      className: 'min-w-56 max-w-96',
      cell: (m) => (
        <div className="flex min-w-0 items-baseline gap-1.5" title={m.requestUrl ?? undefined}>
          <span className="shrink-0 rounded bg-muted px-1.5 py-0.5 text-xs font-medium">{m.requestMethod ?? 'GET'}</span>
          <code className="block min-w-0 truncate text-xs">{m.requestUrl ?? '—'}</code>
        </div>
      ),
    },
    { id: 'status', header: 'Status', cell: (m) => <MessageStatusBadge status={m.status} /> },
    { id: 'http', header: 'Last HTTP status', align: 'right', cell: (m) => messageLastStatus(m) },
    { id: 'attempts', header: 'Attempts', align: 'right', cell: (m) => String(m.attempts) },
    { id: 'created', header: 'Fired', cell: (m) => <span title={formatDateTime(m.createdAt)}>{formatShortDateTime(m.createdAt)}</span> },
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
 * The firings of a pixel, newest first, each with the request as rendered, a status filter and
 * "Load more"; a firing opens with its attempts and Replay. Asked again every 2 s while one is
 * pending, or while `watch` (just after a replay).
 */
export function PixelFiringLog({ pixelId, watch, onActivity }: { pixelId: number; watch: boolean; onActivity: () => void }) {
  const [status, setStatus] = useState<WebhookMessageStatus | ''>('')
  const [openId, setOpenId] = useState<number>()
  const log = usePixelFires(pixelId, status, watch)
  const rows = log.data?.pages.flat()
  return (
    <section aria-labelledby="firing-log-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id="firing-log-heading" className="text-lg font-semibold">
            Firing log
          </h2>
          <p className="text-sm text-muted-foreground">Every request this pixel made, newest first, as it was sent. Kept for 30 days.</p>
        </div>
        <div className="flex items-end gap-2">
          <FilterSelect label="Status" value={status} onChange={(v) => setStatus(v as WebhookMessageStatus | '')} options={STATUS_OPTIONS} allLabel="All statuses" />
          <Button variant="outline" size="icon" aria-label="Refresh the firing log" title="Refresh" onClick={() => void log.refetch()} disabled={log.isFetching}>
            <RefreshCw className={log.isFetching ? 'animate-spin' : undefined} aria-hidden="true" />
          </Button>
        </div>
      </div>
      <DataTable
        cards
        caption="Firing log"
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
            title={status ? `No ${status} fires` : 'Not fired yet'}
            description={status ? undefined : 'Fires appear here as calls reach the events this pixel fires on.'}
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
      <MessageDetailDialog endpointId={pixelId} messageId={openId} onClose={() => setOpenId(undefined)} onReplayed={onActivity} />
    </section>
  )
}
