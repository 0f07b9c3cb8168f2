import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import type { ReportResult } from '@/api/reports'
import { ChartEmptyState } from '@/components/dashboard/ChartEmptyState'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { hasNoCalls, periodLabel } from './trendSpecs'

interface TrendCardProps {
  title: string
  description: string
  query: UseQueryResult<ReportResult>
  emptyTitle: string
  emptyHint?: string
  children: (result: ReportResult) => ReactNode
  className?: string
}

/** A Trends chart in a card: loading, error (with retry) and no-calls states around `children`. */
export function TrendCard({ title, description, query, emptyTitle, emptyHint, children, className }: TrendCardProps) {
  const { data } = query
  return (
    <Card className={className ?? 'min-w-0'} aria-label={title} role="region">
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>
          {description}
          {data && ` ${periodLabel(data)}.`}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {query.isError && !data ? (
          <QueryErrorAlert
            title={`The ${title.toLowerCase()} could not be loaded.`}
            error={query.error}
            onRetry={() => void query.refetch()}
            retrying={query.isFetching}
          />
        ) : !data ? (
          <Skeleton className="h-64 w-full" aria-label={`Loading ${title.toLowerCase()}`} />
        ) : hasNoCalls(data) ? (
          <ChartEmptyState title={emptyTitle} hint={emptyHint} />
        ) : (
          <div className={query.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>{children(data)}</div>
        )}
      </CardContent>
    </Card>
  )
}
