/** Report results shaped for recharts: one point per row, one axis per unit of measure. */
import type { Metric, MetricValue, ReportResult } from '@/api/reports'
import { formatMoneyTick } from '@/components/dashboard/chartFormat'
import { formatCount } from '@/lib/format'
import { dimensionValueLabel, metricLabels, metricNumber, metricUnit, rowLabel, type MetricUnit } from './reportFormat'

/** Series colours, in order (index.css has a light and a dark set). */
export const SERIES_COLORS = [
  'var(--color-primary)',
  'var(--chart-2)',
  'var(--chart-3)',
  'var(--chart-4)',
  'var(--chart-5)',
  'var(--chart-6)',
  'var(--chart-7)',
  'var(--chart-8)',
  'var(--chart-9)',
  'var(--chart-10)',
]

/** The colour of a pie's "Other" slice. */
export const OTHER_COLOR = 'var(--color-muted-foreground)'

export interface ChartPoint {
  name: string
  /** The values as sent, for tooltips. */
  raw: Partial<Record<Metric, MetricValue>>
  [metric: string]: number | string | Partial<Record<Metric, MetricValue>>
}

export function chartPoints(result: ReportResult, metrics: readonly Metric[] = result.metrics): ChartPoint[] {
  return result.rows.map((row) => {
    const point: ChartPoint = { name: rowLabel(result.dimensions, row), raw: row.values }
    for (const metric of metrics) point[metric] = metricNumber(row.values[metric])
    return point
  })
}

export interface UnitAxis {
  unit: MetricUnit
  /** Counts on the left and money on the right; other units on the side with fewer axes. */
  orientation: 'left' | 'right'
}

/**
 * One visible axis per unit the metrics need, in the order their first metric comes: calls
 * and revenue never share an axis, and a rate or a duration gets its own too.
 */
export function unitAxes(metrics: readonly Metric[]): UnitAxis[] {
  const units: MetricUnit[] = []
  for (const metric of metrics) {
    const unit = metricUnit(metric)
    if (!units.includes(unit)) units.push(unit)
  }
  const sides = { left: 0, right: 0 }
  const preferred = (unit: MetricUnit): 'left' | 'right' | undefined => {
    if (unit === 'count') return 'left'
    if (unit === 'money') return 'right'
    return undefined
  }
  // Counts and money take their own side first, so the first axis of each is the nearest.
  const fixed = new Map(units.filter((u) => preferred(u)).map((u) => [u, preferred(u)!] as const))
  for (const side of fixed.values()) sides[side] += 1
  return units.map((unit) => {
    let orientation = fixed.get(unit)
    if (!orientation) {
      orientation = sides.left <= sides.right ? 'left' : 'right'
      sides[orientation] += 1
    }
    return { unit, orientation }
  })
}

export function unitTick(unit: MetricUnit): (value: number) => string {
  switch (unit) {
    case 'money':
      return formatMoneyTick
    case 'percent':
      return (v) => `${v}%`
    case 'seconds':
      return (v) => `${Math.round(v)}s`
    default:
      return (v) => formatCount(v)
  }
}

export function seriesName(metric: Metric): string {
  return metricLabels[metric]
}

/** Shortens long category names on an axis. */
export function shortLabel(name: string, max = 16): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name
}

/** The first time dimension (day or hour) of a report, else the first one. */
function xDimensionIndex(result: ReportResult): number {
  const time = result.dimensions.findIndex((d) => d === 'day' || d === 'hour')
  return time >= 0 ? time : 0
}

export interface Pivot {
  /** One point per value of the x dimension; series values under `s0`, `s1`, … */
  points: { name: string; [series: string]: number | string }[]
  series: { key: string; name: string }[]
  /** Values of the series dimension left out of the chart (the smallest ones). */
  omitted: number
  xIndex: number
}

/**
 * A two-dimension report as one series per value of one dimension over the other (the
 * time dimension when there is one), for one metric. The `maxSeries` largest series are kept.
 */
export function pivot(result: ReportResult, metric: Metric, maxSeries = 8): Pivot {
  const xIndex = xDimensionIndex(result)
  const sIndex = 1 - xIndex
  const xDimension = result.dimensions[xIndex]!
  const sDimension = result.dimensions[sIndex]!
  const totals = new Map<string, { name: string; total: number }>()
  for (const row of result.rows) {
    const key = row.keys[sIndex] ?? '∅'
    const entry = totals.get(key) ?? { name: dimensionValueLabel(sDimension, row, sIndex), total: 0 }
    entry.total += Math.abs(metricNumber(row.values[metric]))
    totals.set(key, entry)
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1].total - a[1].total)
  const kept = ranked.slice(0, maxSeries)
  const seriesKey = new Map(kept.map(([key], i) => [key, `s${i}`]))

  const xs = new Map<string, Pivot['points'][number]>()
  for (const row of result.rows) {
    const x = row.keys[xIndex] ?? '∅'
    const point = xs.get(x) ?? { name: dimensionValueLabel(xDimension, row, xIndex) }
    const s = seriesKey.get(row.keys[sIndex] ?? '∅')
    if (s) point[s] = metricNumber(row.values[metric])
    xs.set(x, point)
  }
  let keys = [...xs.keys()]
  if (xDimension === 'day') keys = keys.sort()
  else if (xDimension === 'hour') keys = keys.sort((a, b) => Number(a) - Number(b))
  const points = keys.map((k) => {
    const point = xs.get(k)!
    for (const s of seriesKey.values()) point[s] ??= 0
    return point
  })
  return { points, series: kept.map(([, v], i) => ({ key: `s${i}`, name: v.name })), omitted: ranked.length - kept.length, xIndex }
}

/** A pie's slice: a row's point, or "Other" for the rows after the largest ones. */
export type PieSlice = ChartPoint & { color: string; others?: number }

/**
 * The slices of a pie of `metric`: rows with nothing (or a loss) have none; the `max` largest
 * are kept, largest first, and the rest are added up into one "Other" slice (a pie of 55
 * slices is unreadable). Two or more rows left over make an "Other"; one is kept as it is.
 */
export function pieSlices(points: readonly ChartPoint[], metric: Metric, max = 8): PieSlice[] {
  const positive = points.filter((p) => Number(p[metric]) > 0).sort((a, b) => Number(b[metric]) - Number(a[metric]))
  const colored = (p: ChartPoint, i: number): PieSlice => ({ ...p, color: SERIES_COLORS[i % SERIES_COLORS.length]! })
  if (positive.length <= max + 1) return positive.map(colored)
  const rest = positive.slice(max)
  const total = rest.reduce((sum, p) => sum + Number(p[metric]), 0)
  return [
    ...positive.slice(0, max).map(colored),
    { name: `Other (${rest.length})`, raw: {}, [metric]: total, color: OTHER_COLOR, others: rest.length },
  ]
}

/** Legend items in the order given (recharts sorts them by name otherwise). */
export function legendOrder(keys: readonly string[]): (item: { dataKey?: unknown; value?: unknown }) => number {
  return (item) => {
    const byKey = keys.indexOf(String(item.dataKey))
    return byKey >= 0 ? byKey : keys.indexOf(String(item.value))
  }
}
