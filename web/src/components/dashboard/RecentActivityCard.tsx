import { History } from 'lucide-react'
import { Link } from 'react-router'
import { useActivity } from '@/api/activity'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { formatDateTime, formatRelativeTime } from '@/lib/format'
import { oneOf } from '@/lib/labels'
import { cn } from '@/lib/utils'
import { activityKindLabel, activityLink, SEVERITIES, severityStyles } from './activityFormat'

/**
 * Campaign and buyer changes, RTB target changes, failed report deliveries and system
 * alerts, newest first (`GET /api/activity`); refreshed by `activity` live events.
 */
export function RecentActivityCard({ timeZone }: { timeZone?: string }) {
  const activity = useActivity()
  const entries = activity.data
  return (
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle>Recent activity</CardTitle>
        <CardDescription>Changes to your setup and system alerts.</CardDescription>
      </CardHeader>
      <CardContent>
        {activity.isError && !entries ? (
          <QueryErrorAlert
            title="The activity could not be loaded."
            error={activity.error}
            onRetry={() => void activity.refetch()}
            retrying={activity.isFetching}
          />
        ) : !entries ? (
          <div className="flex flex-col gap-2" aria-label="Loading activity">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : entries.length === 0 ? (
          <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed border-border px-6 py-8 text-center">
            <History className="size-6 text-muted-foreground" aria-hidden="true" />
            <p className="font-medium">No activity yet</p>
            <p className="max-w-sm text-sm text-muted-foreground">Campaign, buyer and RTB target changes and alerts show up here.</p>
          </div>
        ) : (
          <ul className="flex max-h-[28rem] flex-col divide-y divide-border overflow-y-auto" aria-label="Recent activity">
            {entries.map((entry) => {
              const severity = severityStyles[oneOf(entry.severity, SEVERITIES, 'info')]
              const Icon = severity.icon
              const link = activityLink(entry)
              return (
                <li key={entry.id} className="flex items-start gap-3 py-2.5" data-severity={entry.severity}>
                  <span className={cn('mt-0.5 grid size-7 shrink-0 place-items-center rounded-full', severity.className)}>
                    <Icon className="size-4" aria-label={severity.label} role="img" />
                  </span>
                  <div className="min-w-0 flex-1">
                    <p className="text-sm break-words">
                      {link ? (
                        <Link to={link} className="hover:underline">
                          {entry.message}
                        </Link>
                      ) : (
                        entry.message
                      )}
                    </p>
                    <p className="text-xs text-muted-foreground">
                      {activityKindLabel(entry.kind)} ·{' '}
                      <time dateTime={entry.createdAt} title={formatDateTime(entry.createdAt, timeZone)}>
                        {formatRelativeTime(entry.createdAt)}
                      </time>
                    </p>
                  </div>
                </li>
              )
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  )
}
