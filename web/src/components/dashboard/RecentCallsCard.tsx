import { PhoneIncoming } from 'lucide-react'
import type { RecentCall } from '@/api/types'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatDateTime, formatDuration, formatMoney, formatPhone, formatShortDateTime } from '@/lib/format'
import { CallStatusBadge } from './CallStatusBadge'

interface RecentCallsCardProps {
  /** undefined while loading */
  calls: readonly RecentCall[] | undefined
  timeZone?: string
}

export function RecentCallsCard({ calls, timeZone }: RecentCallsCardProps) {
  return (
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle>Recent Calls</CardTitle>
        <CardDescription>The latest calls to your tracking numbers.</CardDescription>
      </CardHeader>
      <CardContent>
        {calls === undefined ? (
          <div className="flex flex-col gap-2" aria-label="Loading recent calls">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-9 w-full" />
            ))}
          </div>
        ) : calls.length === 0 ? (
          <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed border-border px-6 py-10 text-center">
            <PhoneIncoming className="size-6 text-muted-foreground" aria-hidden="true" />
            <p className="font-medium">No calls yet</p>
            <p className="max-w-sm text-sm text-muted-foreground">
              Calls appear here as soon as one of your tracking numbers receives one.
            </p>
          </div>
        ) : (
          <Table containerClassName="-mx-5 w-auto" className="[&_td:first-child]:pl-5 [&_td:last-child]:pr-5 [&_th:first-child]:pl-5 [&_th:last-child]:pr-5">
            <TableCaption>Recent calls</TableCaption>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead scope="col" sticky="left">From</TableHead>
                <TableHead scope="col">To</TableHead>
                <TableHead scope="col">Status</TableHead>
                <TableHead scope="col" className="text-right">Duration</TableHead>
                <TableHead scope="col" className="text-right">Revenue</TableHead>
                <TableHead scope="col">Time</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {calls.map((call) => (
                <TableRow key={call.id}>
                  <TableCell sticky="left" className="font-medium tabular-nums">{formatPhone(call.fromNumber)}</TableCell>
                  <TableCell className="tabular-nums">{formatPhone(call.toNumber)}</TableCell>
                  <TableCell>
                    <CallStatusBadge status={call.status} />
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatDuration(call.duration)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatMoney(call.revenue)}</TableCell>
                  <TableCell className="text-muted-foreground">
                    <time dateTime={call.createdAt} title={formatDateTime(call.createdAt, timeZone)}>
                      {formatShortDateTime(call.createdAt, timeZone)}
                    </time>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  )
}
