import type { UseQueryResult } from '@tanstack/react-query'
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { ReportResult } from '@/api/reports'
import { metricNumber } from '@/components/reports/reportFormat'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDayRange, type DayRange } from '@/lib/dateRange'
import { formatMoney, pluralize } from '@/lib/format'
import { ChartEmptyState } from './ChartEmptyState'
import { formatMoneyTick } from './chartFormat'

/** Campaigns ranked in the card. */
const TOP = 5

interface TopCampaignsCardProps {
  days: DayRange
  /** A report by campaign of revenue and calls over the period. */
  query: UseQueryResult<ReportResult>
}

export function TopCampaignsCard({ days, query }: TopCampaignsCardProps) {
  const { data } = query
  const period = formatDayRange(days)
  const campaigns = (data?.rows ?? [])
    .map((row) => ({
      campaignId: String(row.keys[0] ?? row.labels[0] ?? ''),
      name: row.labels[0] || String(row.keys[0] ?? '—'),
      calls: metricNumber(row.values.calls),
      revenueValue: metricNumber(row.values.revenue),
      revenueLabel: formatMoney(String(row.values.revenue ?? '0')),
    }))
    .filter((c) => c.calls > 0 || c.revenueValue !== 0)
    .sort((a, b) => b.revenueValue - a.revenueValue)
    .slice(0, TOP)

  return (
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle>Top campaigns</CardTitle>
        <CardDescription>By revenue, {period}.</CardDescription>
      </CardHeader>
      <CardContent>
        {query.isError && !data ? (
          <QueryErrorAlert
            title="The top campaigns could not be loaded."
            error={query.error}
            onRetry={() => void query.refetch()}
            retrying={query.isFetching}
          />
        ) : !data ? (
          <Skeleton className="h-64 w-full" aria-label="Loading top campaigns" />
        ) : campaigns.length === 0 ? (
          <ChartEmptyState title="No calls in this period" hint="Campaigns with calls are ranked here." />
        ) : (
          <div className="flex flex-col gap-3">
            <div
              className="w-full"
              style={{ height: Math.max(120, campaigns.length * 36 + 32) }}
              role="img"
              aria-label={`Top campaigns by revenue, ${period}`}
            >
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={campaigns} layout="vertical" margin={{ top: 0, right: 8, bottom: 0, left: 0 }}>
                  <CartesianGrid horizontal={false} stroke="var(--color-border)" />
                  <XAxis type="number" dataKey="revenueValue" tickFormatter={formatMoneyTick} tickLine={false} axisLine={false} fontSize={12} />
                  <YAxis
                    type="category"
                    dataKey="name"
                    width={110}
                    tickLine={false}
                    axisLine={false}
                    fontSize={12}
                    tickFormatter={(name: string) => (name.length > 16 ? `${name.slice(0, 15)}…` : name)}
                  />
                  <Tooltip
                    formatter={(_value, _name, item) => {
                      const row = item.payload as { revenueLabel: string; calls: number }
                      return [`${row.revenueLabel} · ${pluralize(row.calls, 'call')}`, 'Revenue']
                    }}
                  />
                  <Bar dataKey="revenueValue" name="Revenue" fill="var(--color-primary)" radius={[0, 3, 3, 0]} maxBarSize={22} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <ul className="divide-y divide-border text-sm" aria-label="Top campaigns">
              {campaigns.map((c) => (
                <li key={c.campaignId} className="flex items-center gap-3 py-1.5">
                  <span className="min-w-0 flex-1 truncate font-medium">{c.name}</span>
                  <span className="text-muted-foreground tabular-nums">{pluralize(c.calls, 'call')}</span>
                  <span className="w-20 text-right tabular-nums">{c.revenueLabel}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </CardContent>
    </Card>
  )
}
