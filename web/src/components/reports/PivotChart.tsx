import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { Metric, ReportResult } from '@/api/reports'
import { legendOrder, pivot, SERIES_COLORS, shortLabel, unitTick } from './chartData'
import { dimensionNoun, formatMetric, metricLabels, metricUnit } from './reportFormat'

interface PivotChartProps {
  result: ReportResult
  type: 'bar' | 'line'
  label: string
  height?: number
}

/**
 * A two-dimension report drawn as one line (or bar group) per value of one dimension over
 * the other, for the first metric: "calls by day, one line per campaign".
 */
export function PivotChart({ result, type, label, height = 320 }: PivotChartProps) {
  const metric: Metric = result.metrics[0] ?? 'calls'
  const { points, series, omitted, xIndex } = pivot(result, metric)
  const seriesDimension = result.dimensions[1 - xIndex]!
  const timeSeries = result.dimensions[xIndex] === 'day' || result.dimensions[xIndex] === 'hour'
  const unit = metricUnit(metric)
  return (
    <div className="flex flex-col gap-1">
      <p className="text-xs text-muted-foreground">
        {metricLabels[metric]} per {dimensionNoun(seriesDimension)}
        {omitted > 0 && ` (the ${series.length} largest; ${omitted} more in the table)`}. The table has every metric.
      </p>
      <div className="w-full" style={{ height }} role="img" aria-label={label}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--color-border)" />
            <XAxis
              dataKey="name"
              tickLine={false}
              axisLine={false}
              minTickGap={timeSeries ? 12 : 4}
              interval={timeSeries ? 'preserveStartEnd' : 0}
              tickFormatter={(name: string) => (timeSeries ? name : shortLabel(name))}
              fontSize={12}
            />
            <YAxis tickFormatter={unitTick(unit)} allowDecimals={unit !== 'count'} tickLine={false} axisLine={false} width={unit === 'money' ? 56 : 40} fontSize={12} />
            <Tooltip formatter={(value, name) => [formatMetric(metric, Number(value)), String(name)]} />
            <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} itemSorter={legendOrder(series.map((s) => s.key))} />
            {series.map((s, i) => {
              const color = SERIES_COLORS[i % SERIES_COLORS.length]
              return type === 'line' ? (
                <Line key={s.key} dataKey={s.key} name={s.name} type="monotone" stroke={color} strokeWidth={2} dot={points.length <= 31} isAnimationActive={false} />
              ) : (
                <Bar key={s.key} dataKey={s.key} name={s.name} fill={color} maxBarSize={24} isAnimationActive={false} />
              )
            })}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </div>
  )
}
