/** Report results shaped for recharts: one point per row, one axis per unit of measure. */
import type { Metric, MetricValue, ReportResult } from '@/api/reports'
import { formatMoneyTick } from '@/components/dashboard/chartFormat'
import { formatCount } from '@/lib/format'
import { dimensionValueLabel, metricLabels, metricNumber, metricUnit, rowLabel, type MetricUnit } from './reportFormat'

/** Series colours, in order. */
export const SERIES_COLORS = ['var(--color-primary)', '#059669', '#d97706', '#db2777', '#0891b2', '#7c3aed', '#65a30d', '#dc2626', '#475569', '#ea580c']

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
  /** The first axis is drawn on the left, the second on the right; others are scaled but hidden. */
  orientation: 'left' | 'right'
  hide: boolean
}

/** The axes the metrics need, in the order their first metric comes. */
export function unitAxes(metrics: readonly Metric[]): UnitAxis[] {
  const units: MetricUnit[] = []
  for (const metric of metrics) {
    const unit = metricUnit(metric)
    if (!units.includes(unit)) units.push(unit)
  }
  return units.map((unit, i) => ({ unit, orientation: i === 1 ? 'right' : 'left', hide: i > 1 }))
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
