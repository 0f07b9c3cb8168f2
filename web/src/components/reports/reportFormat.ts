/** Names and display formats of report dimensions, metrics and values. */
import type { ChartType, DeliveryStatus, Dimension, Frequency, Metric, MetricValue, ReportRange, ReportRow } from '@/api/reports'
import { formatDay } from '@/components/dashboard/chartFormat'
import { formatCount, formatDuration, formatMoney, formatPercent } from '@/lib/format'

export const dimensionLabels: Record<Dimension, string> = {
  campaign: 'Campaign',
  buyer: 'Buyer',
  day: 'Day',
  hour: 'Hour of day',
  state: 'Caller state',
  status: 'Status',
  rtbTarget: 'RTB target',
  source: 'Source (utm_source)',
  medium: 'Medium (utm_medium)',
  utmCampaign: 'Ad campaign (utm_campaign)',
  term: 'Term (utm_term)',
  content: 'Content (utm_content)',
  parameter: 'URL parameter',
}

/**
 * A dimension's name within a sentence ("by campaign and caller state"): lower case, but for
 * the URL parameter, which is named when known ("by URL parameter affiliate").
 */
export function dimensionNoun(dimension: Dimension, parameter?: string | null): string {
  if (dimension === 'parameter') return parameter ? `URL parameter ${parameter}` : 'URL parameter'
  return dimensionLabels[dimension].toLowerCase()
}

export const metricLabels: Record<Metric, string> = {
  calls: 'Calls',
  connected: 'Connected',
  converted: 'Converted',
  conversionRate: 'Conversion rate',
  revenue: 'Revenue',
  payout: 'Payout',
  cost: 'Cost',
  profit: 'Profit',
  averageDuration: 'Avg. duration',
  rpc: 'Revenue per call',
}

export const rangeLabels: Record<ReportRange, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  last7: 'Last 7 days',
  last30: 'Last 30 days',
  thisMonth: 'This month',
  lastMonth: 'Last month',
  custom: 'Custom dates',
}

export const chartTypeLabels: Record<ChartType, string> = { bar: 'Bar', line: 'Line', pie: 'Pie', table: 'Table only' }

export const frequencyLabels: Record<Frequency, string> = { none: 'Not scheduled', daily: 'Daily', weekly: 'Weekly' }

export const deliveryStatusLabels: Record<DeliveryStatus, string> = { pending: 'Pending', sent: 'Sent', failed: 'Failed' }

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export const weekdayLabels: Record<number, string> = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
}

export type MetricUnit = 'count' | 'money' | 'percent' | 'seconds'

const UNITS: Record<Metric, MetricUnit> = {
  calls: 'count',
  connected: 'count',
  converted: 'count',
  conversionRate: 'percent',
  revenue: 'money',
  payout: 'money',
  cost: 'money',
  profit: 'money',
  averageDuration: 'seconds',
  rpc: 'money',
}

export function metricUnit(metric: Metric): MetricUnit {
  return UNITS[metric]
}

/** A metric's value for people: "$1,250.00", "12.5%", "2:05", "1,234". */
export function formatMetric(metric: Metric, value: MetricValue | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  switch (UNITS[metric]) {
    case 'money':
      return formatMoney(String(value))
    case 'percent':
      return formatPercent(Number(value))
    case 'seconds':
      return formatDuration(Number(value))
    default:
      return formatCount(Number(value))
  }
}

/** A metric's value for plotting (money strings too); 0 when there is none. */
export function metricNumber(value: MetricValue | undefined): number {
  const n = Number(value)
  return value === null || value === undefined || !Number.isFinite(n) ? 0 : n
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/** One dimension's value of a row: days as "Nov 25", hours as "09:00", else the server's label. */
export function dimensionValueLabel(dimension: Dimension, row: ReportRow, index: number): string {
  const key = row.keys[index]
  const label = row.labels[index]
  if (dimension === 'day' && key && ISO_DAY.test(key)) return formatDay(key)
  if (dimension === 'hour' && key !== null && key !== undefined && /^\d{1,2}$/.test(String(key))) {
    return `${String(key).padStart(2, '0')}:00`
  }
  return label || key || '—'
}

/** The whole row's name: its dimension values joined ("Auto Insurance · CA"). */
export function rowLabel(dimensions: readonly Dimension[], row: ReportRow): string {
  if (dimensions.length === 0) return 'All calls'
  return dimensions.map((d, i) => dimensionValueLabel(d, row, i)).join(' · ')
}

/** A stable React key for a row. */
export function rowKey(row: ReportRow, index: number): string {
  return row.keys.length > 0 ? row.keys.map((k) => k ?? '∅').join('|') : `row-${index}`
}

/** "08:00". */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`
}

/** "Weekly on Monday at 08:00", "Daily at 07:00", "Not scheduled". */
export function scheduleSummary(schedule: { frequency: Frequency; weekday: number; hour: number }): string {
  if (schedule.frequency === 'daily') return `Daily at ${hourLabel(schedule.hour)}`
  if (schedule.frequency === 'weekly') return `Weekly on ${weekdayLabels[schedule.weekday] ?? 'Monday'} at ${hourLabel(schedule.hour)}`
  return frequencyLabels.none
}

/** "Calls, revenue by campaign · Last 30 days". */
export function specSummary(spec: { dimensions: Dimension[]; metrics: Metric[]; range: ReportRange; from: string | null; to: string | null; parameter?: string | null }): string {
  const what = spec.metrics.map((m) => metricLabels[m]).join(', ')
  const by = spec.dimensions.map((d) => dimensionNoun(d, spec.parameter)).join(' and ')
  const period = spec.range === 'custom' && spec.from && spec.to ? `${spec.from} to ${spec.to}` : rangeLabels[spec.range]
  return `${what}${by ? ` by ${by}` : ''} · ${period}`
}
