import { PhoneIncoming } from 'lucide-react'
import type { RecentCall } from '@/api/types'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDateTime, formatDuration, formatMoney, formatPhone } from '@/lib/format'
import { CallStatusBadge } from './CallStatusBadge'

interface RecentCallsCardProps {
  /** undefined while loading */
  calls: readonly RecentCall[] | undefined
  timeZone?: string
}

const th = 'px-3 py-2 text-left text-xs font-medium text-muted-foreground first:pl-0 last:pr-0'
const td = 'px-3 py-2.5 first:pl-0 last:pr-0 whitespace-nowrap'

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
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="border-b border-border">
                <tr>
                  <th scope="col" className={th}>From</th>
                  <th scope="col" className={th}>To</th>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={`${th} text-right`}>Duration</th>
                  <th scope="col" className={`${th} text-right`}>Revenue</th>
                  <th scope="col" className={th}>Time</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {calls.map((call) => (
                  <tr key={call.id}>
                    <td className={`${td} font-medium`}>{formatPhone(call.fromNumber)}</td>
                    <td className={td}>{formatPhone(call.toNumber)}</td>
                    <td className={td}>
                      <CallStatusBadge status={call.status} />
                    </td>
                    <td className={`${td} text-right tabular-nums`}>{formatDuration(call.duration)}</td>
                    <td className={`${td} text-right tabular-nums`}>{formatMoney(call.revenue)}</td>
                    <td className={`${td} text-muted-foreground`}>
                      <time dateTime={call.createdAt}>{formatDateTime(call.createdAt, timeZone)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </CardContent>
    </Card>
  )
}
