import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query'
import { Inbox, LoaderCircle, RefreshCw } from 'lucide-react'
import { useState } from 'react'
import type { WebhookMessage, WebhookMessageStatus } from '@/api/integrations'
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

/** The message's event type (opens it) over its webhook id. */
export function eventColumn(onOpen: (m: WebhookMessage) => void, className: string): Column<WebhookMessage> {
  return {
    id: 'event',
    header: 'Event',
    className,
    cell: (m) => (
      <div className="flex flex-col">
        <button type="button" className="text-left font-medium hover:text-primary hover:underline" onClick={() => onOpen(m)}>
          {m.eventType}
        </button>
        <code className="text-xs text-muted-foreground">{m.webhookId}</code>
      </div>
    ),
  }
}

/** Status, last HTTP status and attempts of a message. */
export const outcomeColumns: Column<WebhookMessage>[] = [
  { id: 'status', header: 'Status', cell: (m) => <MessageStatusBadge status={m.status} /> },
  { id: 'http', header: 'Last HTTP status', align: 'right', cell: (m) => messageLastStatus(m) },
  { id: 'attempts', header: 'Attempts', align: 'right', cell: (m) => String(m.attempts) },
]

/** When the message was made, under `header`. */
export function createdColumn(header: string): Column<WebhookMessage> {
  return { id: 'created', header, cell: (m) => <span title={formatDateTime(m.createdAt)}>{formatShortDateTime(m.createdAt)}</span> }
}

/** When a message was delivered, or when it is tried next. */
export const deliveredColumn: Column<WebhookMessage> = {
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
}

export function detailsColumn(onOpen: (m: WebhookMessage) => void): Column<WebhookMessage> {
  return {
    id: 'actions',
    header: <span className="sr-only">Actions</span>,
    cardLabel: 'Actions',
    cell: (m) => (
      <Button variant="outline" size="sm" className="h-7" aria-label={`Details of ${m.webhookId}`} onClick={() => onOpen(m)}>
        Details
      </Button>
    ),
  }
}

interface MessageLogProps {
  /** The endpoint or pixel (a fire's detail and replay are the webhook message routes with its id). */
  ownerId: number
  /** The log, a page at a time, filtered by `status`. */
  log: UseInfiniteQueryResult<InfiniteData<WebhookMessage[]>>
  status: WebhookMessageStatus | ''
  onStatusChange: (status: WebhookMessageStatus | '') => void
  /** "Delivery log": the heading, the table's caption and its refresh button's name. */
  title: string
  headingId: string
  description: string
  columns: (onOpen: (m: WebhookMessage) => void) => Column<WebhookMessage>[]
  /** The empty state: for a status filter ("No failed messages"), or with none. */
  emptyTitle: (status: WebhookMessageStatus | '') => string
  emptyDescription: string
  onActivity: () => void
}

/**
 * The messages of an endpoint or the fires of a pixel, newest first, with a status filter,
 * Refresh and "Load more"; one opens with its attempts and Replay.
 */
export function MessageLog({
  ownerId,
  log,
  status,
  onStatusChange,
  title,
  headingId,
  description,
  columns,
  emptyTitle,
  emptyDescription,
  onActivity,
}: MessageLogProps) {
  const [openId, setOpenId] = useState<number>()
  const rows = log.data?.pages.flat()
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id={headingId} className="text-lg font-semibold">
            {title}
          </h2>
          <p className="text-sm text-muted-foreground">{description}</p>
        </div>
        <div className="flex items-end gap-2">
          <FilterSelect
            label="Status"
            value={status}
            onChange={(v) => onStatusChange(v as WebhookMessageStatus | '')}
            options={STATUS_OPTIONS}
            allLabel="All statuses"
          />
          <Button
            variant="outline"
            size="icon"
            aria-label={`Refresh the ${title.toLowerCase()}`}
            title="Refresh"
            onClick={() => void log.refetch()}
            disabled={log.isFetching}
          >
            <RefreshCw className={log.isFetching ? 'animate-spin' : undefined} aria-hidden="true" />
          </Button>
        </div>
      </div>
      <DataTable
        cards
        caption={title}
        columns={columns((m) => setOpenId(m.id))}
        rows={rows}
        getRowKey={(m) => m.id}
        isLoading={log.isPending}
        isFetching={log.isPlaceholderData}
        error={log.error}
        onRetry={() => void log.refetch()}
        onRowClick={(m) => setOpenId(m.id)}
        empty={<EmptyState icon={Inbox} title={emptyTitle(status)} description={status ? undefined : emptyDescription} />}
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
      <MessageDetailDialog endpointId={ownerId} messageId={openId} onClose={() => setOpenId(undefined)} onReplayed={onActivity} />
    </section>
  )
}
