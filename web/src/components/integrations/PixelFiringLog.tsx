import { useState } from 'react'
import type { WebhookMessageStatus } from '@/api/integrations'
import { usePixelFires } from '@/api/pixels'
import { createdColumn, detailsColumn, eventColumn, MessageLog, outcomeColumns } from './MessageLog'

/**
 * The firings of a pixel, newest first, each with the request as rendered, a status filter and
 * "Load more"; a firing opens with its attempts and Replay. Asked again every 2 s while one is
 * pending, or while `watch` (just after a replay).
 */
export function PixelFiringLog({ pixelId, watch, onActivity }: { pixelId: number; watch: boolean; onActivity: () => void }) {
  const [status, setStatus] = useState<WebhookMessageStatus | ''>('')
  const log = usePixelFires(pixelId, status, watch)
  return (
    <MessageLog
      ownerId={pixelId}
      log={log}
      status={status}
      onStatusChange={setStatus}
      title="Firing log"
      headingId="firing-log-heading"
      description="Every request this pixel made, newest first, as it was sent. Kept for 30 days."
      columns={(onOpen) => [
        eventColumn(onOpen, 'min-w-36 whitespace-normal'),
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
        ...outcomeColumns,
        createdColumn('Fired'),
        detailsColumn(onOpen),
      ]}
      emptyTitle={(status) => (status ? `No ${status} fires` : 'Not fired yet')}
      emptyDescription="Fires appear here as calls reach the events this pixel fires on."
      onActivity={onActivity}
    />
  )
}
