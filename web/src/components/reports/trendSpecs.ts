/** The reports behind the Trends tab's four charts. */
import { emptySpec, type ReportRange, type ReportResult, type ReportSpec } from '@/api/reports'
import { formatDay } from '@/components/dashboard/chartFormat'
import { metricNumber } from './reportFormat'

export const TREND_RANGES = ['last7', 'last30', 'thisMonth', 'lastMonth'] as const satisfies readonly ReportRange[]
export type TrendRange = (typeof TREND_RANGES)[number]

export function trendSpecs(range: TrendRange): Record<'hourly' | 'daily' | 'campaigns' | 'buyers', ReportSpec> {
  return {
    hourly: emptySpec({ range, dimensions: ['hour'], metrics: ['calls'], chartType: 'bar' }),
    daily: emptySpec({ range, dimensions: ['day'], metrics: ['calls', 'revenue', 'conversionRate'], chartType: 'line' }),
    campaigns: emptySpec({
      range,
      dimensions: ['campaign'],
      metrics: ['calls', 'converted', 'conversionRate', 'revenue', 'profit'],
      chartType: 'bar',
    }),
    buyers: emptySpec({
      range,
      dimensions: ['buyer'],
      metrics: ['calls', 'connected', 'converted', 'conversionRate', 'revenue', 'payout', 'averageDuration'],
      chartType: 'table',
    }),
  }
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
