/** The reports behind the dashboard's period figures: totals and days, and top campaigns. */
import { emptySpec, type ReportResult, type ReportSpec } from '@/api/reports'
import type { Metric } from '@/api/reports'
import { metricNumber } from '@/components/reports/reportFormat'
import { daysToSpec, selectionToSpec, type DayRange, type RangeSelection } from '@/lib/dateRange'

/** The figures of the period cards and the calls-and-revenue chart, in this order. */
export const PERIOD_METRICS = ['calls', 'conversionRate', 'revenue', 'profit'] as const satisfies readonly Metric[]

/** Calls, conversion rate, revenue and profit per day (the totals feed the cards). */
export function periodSpec(selection: RangeSelection): ReportSpec {
  return emptySpec({ ...selectionToSpec(selection), dimensions: ['day'], metrics: [...PERIOD_METRICS], chartType: 'line' })
}

/** The same report over explicit days (the previous period). */
export function periodSpecOfDays(days: DayRange): ReportSpec {
  return emptySpec({ ...daysToSpec(days), dimensions: ['day'], metrics: [...PERIOD_METRICS], chartType: 'line' })
}

export function topCampaignsSpec(selection: RangeSelection): ReportSpec {
  return emptySpec({ ...selectionToSpec(selection), dimensions: ['campaign'], metrics: ['revenue', 'calls'], chartType: 'bar' })
}

/** Whether a period report counted any call. */
export function hasCalls(result: ReportResult | undefined): boolean {
  if (!result) return false
  return metricNumber(result.totals.calls) > 0 || result.rows.some((row) => metricNumber(row.values.calls) > 0)
}
