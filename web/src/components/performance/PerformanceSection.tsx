import { useQueryClient } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { useReportRun, type Metric, type ReportFilters, type ReportResult } from '@/api/reports'
import { queryKeys } from '@/api/queryKeys'
import { ChartEmptyState } from '@/components/dashboard/ChartEmptyState'
import { formatMetric, type MetricUnit } from '@/components/reports/reportFormat'
import { hasNoCalls, periodLabel } from '@/components/reports/trendSpecs'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { SegmentedControl } from '@/components/shared/SegmentedControl'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { cn } from '@/lib/utils'
import { DailyChart, type DailySeries } from './DailyChart'
import { dayPoints, PERIOD_OPTIONS, performanceSpec, type DayPoint, type PeriodDays } from './performance'

const TOTALS: { metric: Metric; label: string }[] = [
  { metric: 'calls', label: 'Calls' },
  { metric: 'connected', label: 'Connected' },
  { metric: 'converted', label: 'Converted' },
  { metric: 'conversionRate', label: 'Conversion rate' },
  { metric: 'revenue', label: 'Revenue' },
  { metric: 'averageDuration', label: 'Avg. handle time' },
]

/**
 * Calls, conversion rate, revenue and handle time per day of one campaign or buyer (`filters`),
 * over the last 7, 30 or 90 days, with the period's totals. Used by the campaign and buyer pages.
 */
export function PerformanceSection({ filters, subject }: { filters: Partial<ReportFilters>; subject: string }) {
  const [days, setDays] = useState<PeriodDays>(30)
  const queryClient = useQueryClient()
  // Days are the user's (the server reads ranges in their zone); the layout has loaded the user.
  const timeZone = queryClient.getQueryData<{ timeZone?: string }>(queryKeys.currentUser)?.timeZone
  // A fresh object each render is fine: the query key is compared by value.
  const query = useReportRun(performanceSpec(days, filters, { timeZone }))
  const { data } = query

  return (
    <Card className="min-w-0" role="region" aria-label="Performance">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <CardTitle>Performance</CardTitle>
          <CardDescription>
            Calls, conversions, revenue and handle time of {subject} per day
            {data ? `, ${periodLabel(data)}.` : '.'}
          </CardDescription>
        </div>
        <SegmentedControl
          label="Performance period"
          value={String(days) as `${PeriodDays}`}
          options={PERIOD_OPTIONS}
          onChange={(value) => setDays(Number(value) as PeriodDays)}
        />
      </CardHeader>
      <CardContent>
        {query.isError && !data ? (
          <QueryErrorAlert
            title="The performance figures could not be loaded."
            error={query.error}
            onRetry={() => void query.refetch()}
            retrying={query.isFetching}
          />
        ) : !data ? (
          <PerformanceSkeleton />
        ) : hasNoCalls(data) ? (
          <ChartEmptyState title={`No calls in the last ${days} days`} hint={`The charts fill in as ${subject} receives calls.`} />
        ) : (
          <div className={cn('flex flex-col gap-5', query.isPlaceholderData && 'opacity-60 transition-opacity')} aria-busy={query.isPlaceholderData || undefined}>
            <PerformanceTotals result={data} />
            <PerformanceCharts points={dayPoints(data)} />
          </div>
        )}
      </CardContent>
    </Card>
  )
}

function PerformanceTotals({ result }: { result: ReportResult }) {
  return (
    <dl aria-label="Totals for the period" className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
      {TOTALS.map(({ metric, label }) => (
        <div key={metric} className="flex min-w-0 flex-col gap-0.5 rounded-lg border border-border px-3 py-2">
          <dt className="truncate text-xs text-muted-foreground">{label}</dt>
          <dd className="truncate text-lg font-semibold tabular-nums">{formatMetric(metric, result.totals[metric] ?? null)}</dd>
        </div>
      ))}
    </dl>
  )
}

function ChartPanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="flex min-w-0 flex-col gap-2 rounded-lg border border-border p-3">
      <h3 className="text-sm font-medium">{title}</h3>
      {children}
    </section>
  )
}

/** The four charts: one value axis each, so calls and money never share one. */
const CHARTS: { title: string; label: string; unit: MetricUnit; axisLabel: string; series: DailySeries[] }[] = [
  {
    title: 'Calls per day',
    label: 'Calls and connected calls per day',
    unit: 'count',
    axisLabel: 'Calls',
    series: [
      { metric: 'calls', name: 'Calls', kind: 'bar', color: 'var(--color-primary)' },
      { metric: 'connected', name: 'Connected', kind: 'bar', color: 'var(--chart-5)' },
    ],
  },
  {
    title: 'Conversion rate per day',
    label: 'Conversion rate per day',
    unit: 'percent',
    axisLabel: 'Conversion rate (%)',
    series: [{ metric: 'conversionRate', name: 'Conversion rate', kind: 'line', color: 'var(--chart-3)' }],
  },
  {
    title: 'Revenue per day',
    label: 'Revenue per day',
    unit: 'money',
    axisLabel: 'Revenue (USD)',
    series: [{ metric: 'revenue', name: 'Revenue', kind: 'bar', color: 'var(--chart-2)' }],
  },
  {
    title: 'Average handle time per day',
    label: 'Average handle time per day',
    unit: 'seconds',
    axisLabel: 'Handle time (m:ss)',
    series: [{ metric: 'averageDuration', name: 'Avg. handle time', kind: 'line', color: 'var(--chart-6)' }],
  },
]

function PerformanceCharts({ points }: { points: DayPoint[] }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {CHARTS.map((c) => (
        <ChartPanel key={c.title} title={c.title}>
          <DailyChart points={points} unit={c.unit} axisLabel={c.axisLabel} label={c.label} series={c.series} />
        </ChartPanel>
      ))}
    </div>
  )
}

function PerformanceSkeleton() {
  return (
    <div className="flex flex-col gap-5" aria-label="Loading performance" role="status">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
        {TOTALS.map(({ metric }) => (
          <Skeleton key={metric} className="h-14" />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-64" />
        ))}
      </div>
    </div>
  )
}
