import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { Metric } from '@/api/reports'
import { formatMoneyTick } from '@/components/dashboard/chartFormat'
import { formatMetric, type MetricUnit } from '@/components/reports/reportFormat'
import { formatCount, formatDuration } from '@/lib/format'
import type { DayPoint } from './performance'

export interface DailySeries {
  metric: Metric & keyof DayPoint
  name: string
  kind: 'bar' | 'line'
  color: string
}

/** Axis ticks of one unit: "1,234", "$1.2K", "12%", "2:05". */
function tickOf(unit: MetricUnit): (value: number) => string {
  switch (unit) {
    case 'money':
      return formatMoneyTick
    case 'percent':
      return (v) => `${Math.round(v * 10) / 10}%`
    case 'seconds':
      return (v) => formatDuration(v)
    default:
      return (v) => formatCount(v)
  }
}

const AXIS_TEXT = { fontSize: 11, fill: 'var(--color-muted-foreground)' }

/**
 * One measure per day: every series of a chart shares one unit, so one labelled axis (calls
 * and revenue never share one). Bars for counts and money, lines for rates and durations.
 */
export function DailyChart({
  points,
  series,
  unit,
  axisLabel,
  label,
  height = 220,
}: {
  points: DayPoint[]
  series: readonly DailySeries[]
  unit: MetricUnit
  /** The value axis's title, with its unit ("Revenue (USD)"). */
  axisLabel: string
  /** Names the chart for assistive technology. */
  label: string
  height?: number
}) {
  const many = points.length > 31
  return (
    <div className="w-full" style={{ height }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 4, left: 4 }}>
          <CartesianGrid vertical={false} stroke="var(--color-border)" />
          <XAxis
            dataKey="name"
            tickLine={false}
            axisLine={false}
            minTickGap={12}
            interval="preserveStartEnd"
            fontSize={12}
            height={38}
            label={{ value: 'Day', position: 'insideBottom', offset: 0, ...AXIS_TEXT }}
          />
          <YAxis
            tickFormatter={tickOf(unit)}
            allowDecimals={unit !== 'count'}
            domain={unit === 'percent' ? [0, (max: number) => Math.min(100, Math.max(10, Math.ceil(max / 10) * 10))] : [0, 'auto']}
            tickLine={false}
            axisLine={false}
            width={unit === 'money' ? 70 : 58}
            fontSize={12}
            label={{ value: axisLabel, angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' }, ...AXIS_TEXT }}
          />
          <Tooltip
            formatter={(_value, name, item) => {
              const point = item.payload as DayPoint
              const metric = item.dataKey as Metric
              return [formatMetric(metric, point.raw[metric] ?? null), String(name)]
            }}
          />
          {series.length > 1 && <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} />}
          {series.map((s) =>
            s.kind === 'line' ? (
              <Line
                key={s.metric}
                dataKey={s.metric}
                name={s.name}
                type="monotone"
                stroke={s.color}
                strokeWidth={2}
                dot={!many}
                connectNulls={false}
                isAnimationActive={false}
              />
            ) : (
              <Bar key={s.metric} dataKey={s.metric} name={s.name} fill={s.color} radius={[3, 3, 0, 0]} maxBarSize={24} isAnimationActive={false} />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  )
}
