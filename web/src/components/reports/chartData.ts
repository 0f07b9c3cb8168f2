/** Report results shaped for recharts: one point per row, one axis per unit of measure. */
import type { Metric, MetricValue, ReportResult } from '@/api/reports'
import { formatMoneyTick } from '@/components/dashboard/chartFormat'
import { formatCount } from '@/lib/format'
import { metricLabels, metricNumber, metricUnit, rowLabel, type MetricUnit } from './reportFormat'

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
