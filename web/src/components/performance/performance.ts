/**
 * The report behind a campaign's or a buyer's Performance section: one run of
 * POST /api/reports/run by day over a preset period, and its rows shaped for the charts.
 */
import { emptyFilters, emptySpec, type Metric, type MetricValue, type ReportFilters, type ReportResult, type ReportSpec } from '@/api/reports'
import { formatDay } from '@/components/dashboard/chartFormat'
import { metricNumber } from '@/components/reports/reportFormat'

export const PERIODS = [7, 30, 90] as const
export type PeriodDays = (typeof PERIODS)[number]

export const PERIOD_OPTIONS = PERIODS.map((days) => ({ value: String(days) as `${PeriodDays}`, label: `${days} days` }))

export const PERFORMANCE_METRICS = ['calls', 'connected', 'converted', 'conversionRate', 'revenue', 'averageDuration'] as const satisfies readonly Metric[]

/** "2026-11-25" for `date` in `timeZone` (the browser's when unknown or invalid). */
export function isoDay(date: Date, timeZone?: string): string {
  const format = (zone?: string) =>
    new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone }).format(date)
  try {
    return format(timeZone)
  } catch {
    return format()
  }
}

/** `day` (YYYY-MM-DD) moved by `delta` calendar days. */
export function addDays(day: string, delta: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + delta)
  return date.toISOString().slice(0, 10)
}

/**
 * The spec of one period: the server's `last7`/`last30` ranges, and a custom range for 90
 * days (there is no `last90`), ending today in the user's time zone.
 */
export function performanceSpec(
  days: PeriodDays,
  filters: Partial<ReportFilters>,
  { now = new Date(), timeZone }: { now?: Date; timeZone?: string } = {},
): ReportSpec {
  const base = { dimensions: ['day' as const], metrics: [...PERFORMANCE_METRICS], filters: { ...emptyFilters(), ...filters }, chartType: 'line' as const }
  if (days === 7) return emptySpec({ ...base, range: 'last7' })
  if (days === 30) return emptySpec({ ...base, range: 'last30' })
  const to = isoDay(now, timeZone)
  return emptySpec({ ...base, range: 'custom', from: addDays(to, -(days - 1)), to })
}

/** One day of the charts. Rates and durations are null on a day without calls (a gap, not a 0). */
export interface DayPoint {
  day: string
  name: string
  calls: number
  connected: number
  converted: number
  conversionRate: number | null
  revenue: number
  averageDuration: number | null
  /** The values as sent, for tooltips (money keeps its exact digits). */
  raw: Partial<Record<Metric, MetricValue>>
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

function orNull(value: MetricValue | undefined, calls: number): number | null {
  if (calls === 0 || value === null || value === undefined || value === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

/** The result's rows as one point per day, oldest first. */
export function dayPoints(result: ReportResult): DayPoint[] {
  return result.rows
    .filter((row) => typeof row.keys[0] === 'string' && ISO_DAY.test(row.keys[0]))
    .map((row) => {
      const day = row.keys[0] as string
      const calls = metricNumber(row.values.calls)
      return {
        day,
        name: formatDay(day),
        calls,
        connected: metricNumber(row.values.connected),
        converted: metricNumber(row.values.converted),
        conversionRate: orNull(row.values.conversionRate, calls),
        revenue: metricNumber(row.values.revenue),
        averageDuration: orNull(row.values.averageDuration, calls),
        raw: row.values,
      }
    })
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
}
