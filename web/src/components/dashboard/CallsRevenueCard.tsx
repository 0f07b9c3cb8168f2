import type { UseQueryResult } from '@tanstack/react-query'
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { HistoricalStats } from '@/api/types'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { formatCount, formatMoney, pluralize } from '@/lib/format'
import { ChartEmptyState } from './ChartEmptyState'
import { formatDay, formatMoneyTick, moneyToNumber, type RangeDays } from './chartFormat'
import { RangeSwitch } from './RangeSwitch'

interface CallsRevenueCardProps {
  days: RangeDays
  onDaysChange: (days: RangeDays) => void
  query: UseQueryResult<HistoricalStats>
}

export function hasCalls(data: HistoricalStats): boolean {
  return data.totalCalls > 0 || data.callsByDay.some((day) => day.calls > 0)
}

export function CallsRevenueCard({ days, onDaysChange, query }: CallsRevenueCardProps) {
  const { data } = query
  const points = data?.callsByDay.map((day) => ({
    date: day.date,
    calls: day.calls,
    revenue: moneyToNumber(day.revenue),
    revenueLabel: formatMoney(day.revenue),
  }))

  return (
    <Card className="min-w-0">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="flex flex-col gap-1">
          <CardTitle>Calls and revenue</CardTitle>
          <CardDescription>
            {data && hasCalls(data)
              ? `${pluralize(data.totalCalls, 'call')}, ${formatMoney(data.totalRevenue)} in the last ${days} days.`
              : `Calls per day and revenue per day over the last ${days} days.`}
          </CardDescription>
        </div>
        <RangeSwitch value={days} onChange={onDaysChange} />
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
        ) : !hasCalls(data) ? (
          <ChartEmptyState title={`No calls in the last ${days} days`} hint="The chart fills in as calls come in." />
        ) : (
          <div className="h-64 w-full" aria-label={`Calls and revenue per day, last ${days} days`} role="img">
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid vertical={false} stroke="var(--color-border)" />
                <XAxis
                  dataKey="date"
                  tickFormatter={formatDay}
                  tickLine={false}
                  axisLine={false}
                  minTickGap={16}
                  fontSize={12}
                />
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
                  formatter={(value, name, item) =>
                    name === 'Revenue'
                      ? [(item.payload as { revenueLabel: string }).revenueLabel, name]
                      : [formatCount(Number(value)), name]
                  }
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
                <Line
                  yAxisId="revenue"
                  dataKey="revenue"
                  name="Revenue"
                  type="monotone"
                  stroke="var(--chart-2)"
                  strokeWidth={2}
                  dot={false}
                />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
        )}
      </CardContent>
    </Card>
  )
}
