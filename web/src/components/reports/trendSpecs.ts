/** The reports behind the Trends tab's four charts. */
import { emptySpec, type ReportResult, type ReportSpec } from '@/api/reports'
import { formatDay } from '@/components/dashboard/chartFormat'
import { daysToSpec, selectionToSpec, type DayRange, type RangeSelection } from '@/lib/dateRange'
import { metricNumber } from './reportFormat'

/** The four trend reports over the chosen days (a preset keeps its name in the spec's `range`). */
export function trendSpecs(selection: RangeSelection): Record<'hourly' | 'daily' | 'campaigns' | 'buyers', ReportSpec> {
  const range = selectionToSpec(selection)
  return {
    hourly: emptySpec({ ...range, dimensions: ['hour'], metrics: ['calls'], chartType: 'bar' }),
    daily: dailySpec(range),
    campaigns: emptySpec({
      ...range,
      dimensions: ['campaign'],
      metrics: ['calls', 'converted', 'conversionRate', 'revenue', 'profit'],
      chartType: 'bar',
    }),
    buyers: emptySpec({
      ...range,
      dimensions: ['buyer'],
      metrics: ['calls', 'connected', 'converted', 'conversionRate', 'revenue', 'payout', 'averageDuration'],
      chartType: 'table',
    }),
  }
}

/** Calls, revenue and conversion rate per day: the daily trend, and the figures compared. */
export function dailySpec(range: Pick<ReportSpec, 'range' | 'from' | 'to'>): ReportSpec {
  return emptySpec({ ...range, dimensions: ['day'], metrics: ['calls', 'revenue', 'conversionRate'], chartType: 'line' })
}

/** The daily trend over the previous period's days. */
export function previousDailySpec(days: DayRange): ReportSpec {
  return dailySpec(daysToSpec(days))
}

/** No calls at all in the result: time series come back full of zero rows, so rows alone do not say. */
export function hasNoCalls(result: ReportResult): boolean {
  if (result.rows.length === 0) return true
  if ('calls' in result.totals) return metricNumber(result.totals.calls) === 0
  return result.rows.every((row) => metricNumber(row.values.calls) === 0)
}

/** "Oct 27 – Nov 25" (or one day). */
export function periodLabel(result: Pick<ReportResult, 'from' | 'to'>): string {
  return result.from === result.to ? formatDay(result.from) : `${formatDay(result.from)} – ${formatDay(result.to)}`
}
