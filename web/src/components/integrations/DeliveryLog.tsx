import { useState } from 'react'
import { useWebhookMessages, type WebhookMessageStatus } from '@/api/integrations'
import { createdColumn, deliveredColumn, detailsColumn, eventColumn, MessageLog, outcomeColumns } from './MessageLog'

/**
 * The messages sent to an endpoint, newest first, with a status filter and "Load more".
 * Asked again every 2 s while a message is pending, or while `watch` (just after a test or replay).
 */
export function DeliveryLog({ endpointId, watch, onActivity }: { endpointId: number; watch: boolean; onActivity: () => void }) {
  const [status, setStatus] = useState<WebhookMessageStatus | ''>('')
  const log = useWebhookMessages(endpointId, status, watch)
  return (
    <MessageLog
      ownerId={endpointId}
      log={log}
      status={status}
      onStatusChange={setStatus}
      title="Delivery log"
      headingId="delivery-log-heading"
      description="Every message sent to this endpoint, newest first. Messages are kept for 30 days."
      columns={(onOpen) => [
        eventColumn(onOpen, 'min-w-44 whitespace-normal'),
        ...outcomeColumns,
        createdColumn('Created'),
        deliveredColumn,
        detailsColumn(onOpen),
      ]}
      emptyTitle={(status) => (status ? `No ${status} messages` : 'Nothing sent yet')}
      emptyDescription="Messages appear here as events happen. Send a test event to see one now."
      onActivity={onActivity}
    />
  )
}
