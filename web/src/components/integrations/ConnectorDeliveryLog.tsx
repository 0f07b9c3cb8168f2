import { useState } from 'react'
import { useConnectorMessages } from '@/api/connectors'
import type { WebhookMessageStatus } from '@/api/integrations'
import { createdColumn, deliveredColumn, detailsColumn, eventColumn, MessageLog, outcomeColumns } from './MessageLog'

/**
 * What a connector sent to its vendor, newest first, with a status filter and "Load more"; a
 * delivery opens with its attempts and Replay. Asked again every 2 s while one is pending, or
 * while `watch` (just after a replay).
 */
export function ConnectorDeliveryLog({ connectorId, watch, onActivity }: { connectorId: number; watch: boolean; onActivity: () => void }) {
  const [status, setStatus] = useState<WebhookMessageStatus | ''>('')
  const log = useConnectorMessages(connectorId, status, watch)
  return (
    <MessageLog
      ownerId={connectorId}
      log={log}
      status={status}
      onStatusChange={setStatus}
      title="Delivery log"
      headingId="connector-log-heading"
      description="Every call event sent to the vendor, newest first."
      columns={(onOpen) => [
        eventColumn(onOpen, 'min-w-44 whitespace-normal'),
        ...outcomeColumns,
        createdColumn('Created'),
        deliveredColumn,
        detailsColumn(onOpen),
      ]}
      emptyTitle={(status) => (status ? `No ${status} deliveries` : 'Nothing sent yet')}
      emptyDescription="Deliveries appear here as calls reach the events this connector sends."
      onActivity={onActivity}
    />
  )
}
