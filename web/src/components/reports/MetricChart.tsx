import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  Legend,
  Line,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { ChartType, Metric, ReportResult } from '@/api/reports'
import { chartPoints, legendOrder, pieSlices, SERIES_COLORS, seriesName, shortLabel, unitAxes, unitTick, type ChartPoint, type PieSlice } from './chartData'
import { formatMetric, metricUnit, type MetricUnit } from './reportFormat'

interface MetricChartProps {
  result: ReportResult
  type: Exclude<ChartType, 'table'>
  /** The metrics to plot (default: all of the result's); a pie plots the first. */
  metrics?: readonly Metric[]
  /** Names the chart for assistive technology. */
  label: string
  height?: number
}

function tooltipValue(metric: Metric, point: ChartPoint) {
  return formatMetric(metric, point.raw[metric])
}

/** A bar, line or pie chart of a report: one series per metric, one axis per unit. */
export function MetricChart({ result, type, metrics = result.metrics, label, height = 280 }: MetricChartProps) {
  const points = chartPoints(result, metrics)
  const timeSeries = result.dimensions[0] === 'day' || result.dimensions[0] === 'hour'
  return (
    <div className="w-full" style={{ height }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        {type === 'pie' ? <PieOf points={points} metric={metrics[0] ?? 'calls'} /> : <Cartesian points={points} metrics={metrics} type={type} timeSeries={timeSeries} />}
      </ResponsiveContainer>
    </div>
  )
}

const UNIT_NAMES: Record<MetricUnit, string> = { count: 'Count', money: 'Amount', percent: 'Rate', seconds: 'Duration' }

/** An axis's title when a chart has several: its metrics ("Calls, Converted"), or its unit when there are more. */
function axisTitle(unit: MetricUnit, metrics: readonly Metric[]): string {
  const names = metrics.filter((m) => metricUnit(m) === unit).map(seriesName)
  return names.length <= 2 ? names.join(', ') : UNIT_NAMES[unit]
}

function PieOf({ points, metric, ...chartProps }: { points: ChartPoint[]; metric: Metric }) {
  // A pie shows shares: rows with nothing (or a loss) have no slice; the smallest are "Other".
  const slices = pieSlices(points, metric)
  return (
    <PieChart {...chartProps}>
      <Tooltip
        formatter={(_value, name, item) => {
          const slice = item.payload as PieSlice
          const value = slice.others ? formatMetric(metric, Number(slice[metric])) : tooltipValue(metric, slice)
          return [value, String(name)]
        }}
      />
      <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} itemSorter={legendOrder(slices.map((s) => s.name))} />
      <Pie data={slices} dataKey={metric} nameKey="name" outerRadius="75%" isAnimationActive={false} stroke="var(--color-card)">
        {slices.map((slice) => (
          <Cell key={slice.name} fill={slice.color} />
        ))}
      </Pie>
    </PieChart>
  )
}

function Cartesian({
  points,
  metrics,
  type,
  timeSeries,
  ...chartProps
}: {
  points: ChartPoint[]
  metrics: readonly Metric[]
  type: 'bar' | 'line'
  timeSeries: boolean
}) {
  const axes = unitAxes(metrics)
  // Many named categories: slant their names so they do not run into each other.
  const slanted = !timeSeries && points.length > 6
  return (
    <ComposedChart {...chartProps} data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid vertical={false} stroke="var(--color-border)" />
      <XAxis
        dataKey="name"
        tickLine={false}
        axisLine={false}
        minTickGap={timeSeries ? 12 : 4}
        interval={timeSeries ? 'preserveStartEnd' : 0}
        tickFormatter={(name: string) => (timeSeries ? name : shortLabel(name))}
        angle={slanted ? -30 : 0}
        textAnchor={slanted ? 'end' : 'middle'}
        height={slanted ? 72 : 30}
        fontSize={12}
      />
      {axes.map((axis) => (
        <YAxis
          key={axis.unit}
          yAxisId={axis.unit}
          orientation={axis.orientation}
          tickFormatter={unitTick(axis.unit)}
          label={
            axes.length > 1
              ? {
                  value: axisTitle(axis.unit, metrics),
                  angle: -90,
                  position: axis.orientation === 'left' ? 'insideLeft' : 'insideRight',
                  fontSize: 11,
                  fill: 'var(--color-muted-foreground)',
                  style: { textAnchor: 'middle' },
                }
              : undefined
          }
          allowDecimals={axis.unit !== 'count'}
          tickLine={false}
          axisLine={false}
          width={(axis.unit === 'money' ? 56 : 44) + (axes.length > 1 ? 14 : 0)}
          fontSize={12}
        />
      ))}
      <Tooltip
        formatter={(_value, name, item) => [tooltipValue(item.dataKey as Metric, item.payload as ChartPoint), String(name)]}
      />
      <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} itemSorter={legendOrder(metrics)} />
      {metrics.map((metric, i) => {
        const color = SERIES_COLORS[i % SERIES_COLORS.length]
        const common = { dataKey: metric, name: seriesName(metric), yAxisId: metricUnit(metric), isAnimationActive: false }
        return type === 'line' ? (
          <Line key={metric} {...common} type="monotone" stroke={color} strokeWidth={2} dot={points.length <= 31} />
        ) : (
          <Bar key={metric} {...common} fill={color} radius={[3, 3, 0, 0]} maxBarSize={28} />
        )
      })}
    </ComposedChart>
  )
}
