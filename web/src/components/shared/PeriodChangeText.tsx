import type { PeriodChange } from '@/lib/periodChange'
import { cn } from '@/lib/utils'

const TONES = {
  good: 'text-emerald-700 dark:text-emerald-400',
  bad: 'text-red-700 dark:text-red-400',
  neutral: 'text-muted-foreground',
} as const

const SPOKEN = { up: 'Up', down: 'Down', flat: 'No change,' } as const

/**
 * "▲ 12.5% vs previous 7 days": green when the change is good news, red when it is bad,
 * grey when there is none or nothing to compare with ("—").
 */
export function PeriodChangeText({ change, against, className }: { change: PeriodChange; against: string; className?: string }) {
  const arrow = change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : null
  return (
    <p className={cn('text-xs tabular-nums', className)} data-slot="period-change">
      <span className={cn('font-medium', TONES[change.tone])} title={change.direction ? undefined : 'Nothing to compare with: the previous period has no value'}>
        {arrow && <span aria-hidden="true">{arrow} </span>}
        {change.direction && <span className="sr-only">{SPOKEN[change.direction]} </span>}
        {change.amount}
      </span>
      <span className="text-muted-foreground"> vs {against}</span>
    </p>
  )
}
