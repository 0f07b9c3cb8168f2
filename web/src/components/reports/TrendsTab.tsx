import { useMemo, useState } from 'react'
import { useReportRun } from '@/api/reports'
import { SegmentedControl } from '@/components/shared/SegmentedControl'
import { MetricChart } from './MetricChart'
import { rangeLabels } from './reportFormat'
import { ReportTable } from './ReportTable'
import { TrendCard } from './TrendCard'
import { TREND_RANGES, trendSpecs, type TrendRange } from './trendSpecs'

const RANGE_OPTIONS = TREND_RANGES.map((value) => ({ value, label: rangeLabels[value] }))
/** Bars drawn in the comparison charts; the tables list every row. */
const TOP = 10

/** Hourly pattern, daily trend, campaign comparison and buyer performance over a range. */
export function TrendsTab() {
  const [range, setRange] = useState<TrendRange>('last30')
  const specs = useMemo(() => trendSpecs(range), [range])
  const hourly = useReportRun(specs.hourly)
  const daily = useReportRun(specs.daily)
  const campaigns = useReportRun(specs.campaigns)
  const buyers = useReportRun(specs.buyers)
  const noCalls = 'No calls in this period'

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-muted-foreground">Days and hours are in your time zone.</p>
        <SegmentedControl label="Trend period" value={range} options={RANGE_OPTIONS} onChange={setRange} />
      </div>
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
