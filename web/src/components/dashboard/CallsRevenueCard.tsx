import type { UseQueryResult } from '@tanstack/react-query'
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { ReportResult } from '@/api/reports'
import { metricNumber } from '@/components/reports/reportFormat'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDayRange, type DayRange } from '@/lib/dateRange'
import { formatCount, formatMoney, pluralize } from '@/lib/format'
import { ChartEmptyState } from './ChartEmptyState'
import { formatDay, formatMoneyTick } from './chartFormat'
import { hasCalls } from './periodReports'

interface CallsRevenueCardProps {
  days: DayRange
  query: UseQueryResult<ReportResult>
  /** The previous period's report, when comparing: drawn dashed, day by day. */
  previous?: UseQueryResult<ReportResult>
}

interface Point {
  date: string
  calls: number
  revenue: number
  revenueLabel: string
  previousDate?: string
  previousCalls?: number
  previousRevenue?: number
  previousRevenueLabel?: string
}

function byDay(result: ReportResult) {
  return [...result.rows].sort((a, b) => String(a.keys[0]).localeCompare(String(b.keys[0])))
}

/** One point per day of the period; the previous period's Nth day beside the period's Nth. */
export function chartPoints(result: ReportResult, previous?: ReportResult): Point[] {
  const before = previous ? byDay(previous) : []
  return byDay(result).map((row, i) => {
    const point: Point = {
      date: String(row.keys[0] ?? ''),
      calls: metricNumber(row.values.calls),
      revenue: metricNumber(row.values.revenue),
      revenueLabel: formatMoney(String(row.values.revenue ?? '0')),
    }
    const then = before[i]
    if (then) {
      point.previousDate = String(then.keys[0] ?? '')
      point.previousCalls = metricNumber(then.values.calls)
      point.previousRevenue = metricNumber(then.values.revenue)
      point.previousRevenueLabel = formatMoney(String(then.values.revenue ?? '0'))
    }
    return point
  })
}

export function CallsRevenueCard({ days, query, previous }: CallsRevenueCardProps) {
  const { data } = query
  const comparing = previous?.data !== undefined
  const points = data && chartPoints(data, previous?.data)
  const period = formatDayRange(days)
  const empty = !hasCalls(data) && !hasCalls(previous?.data)

  return (
    <Card className="min-w-0">
      <CardHeader className="flex flex-col gap-1">
        <CardTitle>Calls and revenue</CardTitle>
        <CardDescription>
          {data && hasCalls(data)
            ? `${pluralize(metricNumber(data.totals.calls), 'call')}, ${formatMoney(String(data.totals.revenue ?? '0'))}, ${period}.`
            : `Calls per day and revenue per day, ${period}.`}
          {comparing && ' Dashed: the previous period.'}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {query.isError && !data ? (
          <QueryErrorAlert
            title="The call history could not be loaded."
            error={query.error}
            onRetry={() => void query.refetch()}
            retrying={query.isFetching}
          />
        ) : !data || !points ? (
          <Skeleton className="h-64 w-full" aria-label="Loading call history" />
        ) : empty ? (
          <ChartEmptyState title="No calls in this period" hint="The chart fills in as calls come in." />
        ) : (
          <div
            className={query.isPlaceholderData ? 'h-64 w-full opacity-60 transition-opacity' : 'h-64 w-full'}
            aria-label={`Calls and revenue per day, ${period}${comparing ? ', with the previous period' : ''}`}
            role="img"
          >
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid vertical={false} stroke="var(--color-border)" />
                <XAxis dataKey="date" tickFormatter={formatDay} tickLine={false} axisLine={false} minTickGap={16} fontSize={12} />
                <YAxis yAxisId="calls" allowDecimals={false} tickLine={false} axisLine={false} width={36} fontSize={12} />
                <YAxis
                  yAxisId="revenue"
                  orientation="right"
                  tickFormatter={formatMoneyTick}
                  tickLine={false}
                  axisLine={false}
                  width={56}
                  fontSize={12}
                />
                <Tooltip
                  labelFormatter={(label) => formatDay(String(label))}
                  formatter={(value, name, item) => {
                    const p = item.payload as Point
                    switch (item.dataKey) {
                      case 'revenue':
                        return [p.revenueLabel, name]
                      case 'previousRevenue':
                        return [p.previousRevenueLabel ?? '—', `${name} (${p.previousDate ? formatDay(p.previousDate) : '—'})`]
                      case 'previousCalls':
                        return [formatCount(Number(value)), `${name} (${p.previousDate ? formatDay(p.previousDate) : '—'})`]
                      default:
                        return [formatCount(Number(value)), name]
                    }
                  }}
                />
                <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} />
                <Bar
                  yAxisId="calls"
                  dataKey="calls"
                  name="Calls"
                  fill="var(--color-primary)"
                  fillOpacity={0.85}
                  radius={[3, 3, 0, 0]}
                  maxBarSize={28}
                />
                <Line yAxisId="revenue" dataKey="revenue" name="Revenue" type="monotone" stroke="var(--chart-2)" strokeWidth={2} dot={false} />
                {comparing && (
                  <Line
                    yAxisId="calls"
                    dataKey="previousCalls"
                    name="Calls, previous"
                    type="monotone"
                    stroke="var(--color-primary)"
                    strokeOpacity={0.6}
                    strokeDasharray="4 4"
                    strokeWidth={2}
                    dot={false}
                  />
                )}
                {comparing && (
                  <Line
                    yAxisId="revenue"
                    dataKey="previousRevenue"
                    name="Revenue, previous"
                    type="monotone"
                    stroke="var(--chart-2)"
                    strokeOpacity={0.6}
                    strokeDasharray="4 4"
                    strokeWidth={2}
                    dot={false}
                  />
                )}
              </ComposedChart>
            </ResponsiveContainer>
          </div>
        )}
      </CardContent>
    </Card>
  )
}
