import { CircleDollarSign, PhoneIncoming, Target } from 'lucide-react'
import { useMemo } from 'react'
import { useReportRun } from '@/api/reports'
import { StatCard } from '@/components/dashboard/StatCard'
import { DateRangePicker } from '@/components/shared/DateRangePicker'
import { StatChange } from '@/components/shared/StatChange'
import { useDateRangeParams } from '@/hooks/useDateRangeParams'
import { previousPeriodLabel } from '@/lib/dateRange'
import { MetricChart } from './MetricChart'
import { formatMetric, metricNumber } from './reportFormat'
import { ReportTable } from './ReportTable'
import { TrendCard } from './TrendCard'
import { previousDailySpec, trendSpecs } from './trendSpecs'
/** Bars drawn in the comparison charts; the tables list every row. */
const TOP = 10

/** Hourly pattern, daily trend, campaign comparison and buyer performance over a range. */
export function TrendsTab() {
  const range = useDateRangeParams('last30')
  const { selection } = range.state
  const specs = useMemo(() => trendSpecs(selection), [selection])
  const hourly = useReportRun(specs.hourly)
  const daily = useReportRun(specs.daily)
  const campaigns = useReportRun(specs.campaigns)
  const buyers = useReportRun(specs.buyers)
  const previous = useReportRun(useMemo(() => (range.previous ? previousDailySpec(range.previous) : null), [range.previous]))
  const noCalls = 'No calls in this period'
  const totals = daily.data?.totals
  const before = range.previous ? previous.data?.totals : undefined
  const against = previousPeriodLabel(range.days)
  const change = (metric: 'calls' | 'revenue' | 'conversionRate') =>
    range.previous && (
      <StatChange
        current={totals?.[metric]}
        // A rate of a period without calls is no rate: nothing to compare with.
        previous={metric === 'conversionRate' && metricNumber(before?.calls) === 0 ? null : before?.[metric]}
        against={against}
        loading={previous.isPending || daily.isPending}
        failed={previous.isError && !previous.data}
        options={metric === 'conversionRate' ? { mode: 'points' } : undefined}
      />
    )

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <DateRangePicker label="Trend period" value={range.state} onChange={range.setState} today={range.today} />
        <p className="text-xs text-muted-foreground">Days and hours are in your time zone.</p>
      </div>
      {!(daily.isError && !daily.data) && (
        <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-3" role="group" aria-label="Period totals">
          <StatCard title="Calls" icon={PhoneIncoming} value={totals && formatMetric('calls', totals.calls)} hint="Calls in the period" change={change('calls')} />
          <StatCard title="Revenue" icon={CircleDollarSign} value={totals && formatMetric('revenue', totals.revenue)} hint="Paid by buyers" change={change('revenue')} />
          <StatCard
            title="Conversion rate"
            icon={Target}
            value={totals && formatMetric('conversionRate', totals.conversionRate)}
            hint="Share of the calls that converted"
            change={change('conversionRate')}
          />
        </div>
      )}
      <div className="grid gap-6 xl:grid-cols-2">
        <TrendCard title="Hourly pattern" description="Calls by hour of the day." query={hourly} emptyTitle={noCalls} emptyHint="The busiest hours show up as calls come in.">
          {(result) => <MetricChart result={result} type="bar" metrics={['calls']} label="Calls by hour of the day" />}
        </TrendCard>
        <TrendCard title="Daily trend" description="Calls, revenue and conversion rate per day." query={daily} emptyTitle={noCalls}>
          {(result) => <MetricChart result={result} type="line" label="Calls, revenue and conversion rate per day" />}
        </TrendCard>
      </div>
      <TrendCard title="Campaign comparison" description="Calls and conversions by campaign." query={campaigns} emptyTitle={noCalls} emptyHint="Campaigns with calls are compared here.">
        {(result) => (
          <div className="grid gap-4 2xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
            <MetricChart result={{ ...result, rows: result.rows.slice(0, TOP) }} type="bar" metrics={['calls', 'converted']} label="Calls and conversions by campaign" />
            <div className="max-h-80 overflow-y-auto">
              <ReportTable result={result} caption="Campaign comparison" />
            </div>
          </div>
        )}
      </TrendCard>
      <TrendCard title="Buyer performance" description="What each buyer took, connected and converted." query={buyers} emptyTitle={noCalls} emptyHint="Buyers who received calls are listed here.">
        {(result) => (
          <div className="flex flex-col gap-4">
            <MetricChart result={{ ...result, rows: result.rows.slice(0, TOP) }} type="bar" metrics={['calls', 'connected', 'converted']} label="Calls, connected and converted by buyer" height={240} />
            <div className="max-h-96 overflow-y-auto">
              <ReportTable result={result} caption="Buyer performance" />
            </div>
          </div>
        )}
      </TrendCard>
    </div>
  )
}
