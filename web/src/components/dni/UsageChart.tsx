import { Area, CartesianGrid, ComposedChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { DniUsage } from '@/api/types'
import { formatCount } from '@/lib/format'
import { dayTicks, isShortPeriod, usageAxis, usageSlice, usageTick } from './usage'

const AXIS_TEXT = { fontSize: 11, fill: 'var(--color-muted-foreground)' }

/**
 * The most pool numbers held at once in each slice of the period, with the pool's size and
 * the recommended size as horizontal lines.
 */
export function UsageChart({ usage, timeZone, height = 260 }: { usage: DniUsage; timeZone?: string; height?: number }) {
  const short = isShortPeriod(usage.from, usage.to)
  const top = Math.max(usage.poolSize, usage.recommendedPoolSize, ...usage.buckets.map((b) => b.peak), 1)
  const axis = usageAxis(top)
  const label = `Numbers held at once, ${usageSlice(usage.from, timeZone)} to ${usageSlice(usage.to, timeZone)}: pool size ${usage.poolSize}, recommended ${usage.recommendedPoolSize}, highest ${Math.max(0, ...usage.buckets.map((b) => b.peak))}`
  return (
    <div className="w-full" style={{ height }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={usage.buckets} margin={{ top: 16, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid vertical={false} stroke="var(--color-border)" />
          <XAxis
            dataKey="at"
            ticks={short ? undefined : dayTicks(usage.buckets, timeZone)}
            tickFormatter={(iso: string) => usageTick(iso, short, timeZone)}
            tickLine={false}
            axisLine={false}
            minTickGap={24}
            interval="preserveStartEnd"
            fontSize={12}
            height={38}
            label={{ value: short ? 'Time' : 'Day', position: 'insideBottom', offset: 0, ...AXIS_TEXT }}
          />
          <YAxis
            allowDecimals={false}
            domain={[0, axis.max]}
            ticks={axis.ticks}
            tickFormatter={(v: number) => formatCount(v)}
            tickLine={false}
            axisLine={false}
            width={52}
            fontSize={12}
            label={{ value: 'Numbers held', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' }, ...AXIS_TEXT }}
          />
          <Tooltip
            labelFormatter={(iso) => usageSlice(String(iso), timeZone)}
            formatter={(value) => [formatCount(Number(value)), 'Most held at once']}
          />
          <Area
            dataKey="peak"
            name="Most held at once"
            type="stepAfter"
            stroke="var(--color-primary)"
            fill="var(--color-primary)"
            fillOpacity={0.25}
            strokeWidth={2}
            isAnimationActive={false}
          />
          <ReferenceLine
            y={usage.poolSize}
            stroke="var(--color-foreground)"
            strokeDasharray="6 4"
            ifOverflow="extendDomain"
            label={{ value: `Pool size (${formatCount(usage.poolSize)})`, position: 'insideTopLeft', ...AXIS_TEXT, fill: 'var(--color-foreground)' }}
          />
          {usage.recommendedPoolSize > 0 && (
            <ReferenceLine
              y={usage.recommendedPoolSize}
              stroke="var(--chart-2)"
              strokeDasharray="2 3"
              strokeWidth={2}
              ifOverflow="extendDomain"
              label={{ value: `Recommended (${formatCount(usage.recommendedPoolSize)})`, position: 'insideTopRight', ...AXIS_TEXT, fill: 'var(--chart-2)' }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  )
}
