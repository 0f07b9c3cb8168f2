import { Mail } from 'lucide-react'
import { useDeliveries } from '@/api/reports'
import { EmptyState } from '@/components/shared/EmptyState'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Skeleton } from '@/components/ui/skeleton'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatDateTime } from '@/lib/format'
import { DeliveryStatusBadge } from './DeliveryStatusBadge'

/** The latest e-mailings of a saved report: when, to whom, the outcome and the last error. */
export function DeliveryHistory({ reportId, timeZone }: { reportId: number; timeZone?: string }) {
  const deliveries = useDeliveries(reportId)
  if (deliveries.isError && !deliveries.data) {
    return <QueryErrorAlert title="The delivery history could not be loaded." error={deliveries.error} onRetry={() => void deliveries.refetch()} />
  }
  if (!deliveries.data) return <Skeleton className="h-24 w-full" aria-label="Loading delivery history" />
  if (deliveries.data.length === 0) {
    return <EmptyState icon={Mail} title="Not sent yet" description="Deliveries show up here once the report is e-mailed, on schedule or with Send now." />
  }
  return (
    <div className="max-h-72 overflow-y-auto rounded-lg border border-border">
      <Table>
        <TableCaption>Delivery history</TableCaption>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead scope="col">Scheduled for</TableHead>
            <TableHead scope="col">Status</TableHead>
            <TableHead scope="col" className="text-right">Attempts</TableHead>
            <TableHead scope="col">Sent</TableHead>
            <TableHead scope="col">Recipients</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {deliveries.data.map((d) => (
            <TableRow key={d.id}>
              <TableCell>{formatDateTime(d.scheduledFor, timeZone)}</TableCell>
              <TableCell className="whitespace-normal">
                <div className="flex min-w-44 flex-col items-start gap-1">
                  <DeliveryStatusBadge status={d.status} />
                  {d.lastError && <span className="max-w-56 text-xs break-words text-destructive">{d.lastError}</span>}
                </div>
              </TableCell>
              <TableCell className="text-right tabular-nums">{d.attempts}</TableCell>
              <TableCell>{d.sentAt ? formatDateTime(d.sentAt, timeZone) : '—'}</TableCell>
              <TableCell className="max-w-48 truncate" title={d.recipients.join(', ')}>
                {d.recipients.join(', ')}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  )
}
