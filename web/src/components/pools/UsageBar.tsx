import { Progress } from '@/components/ui/progress'
import { formatPercent } from '@/lib/format'

/** A pool's usage rate as a bar with its percentage. */
export function UsageBar({ value, label }: { value: number; label: string }) {
  return (
    <div className="flex min-w-32 items-center gap-2">
      <Progress value={value} label={label} className="flex-1" />
      <span className="w-12 text-right text-xs tabular-nums text-muted-foreground">{formatPercent(value, 0)}</span>
    </div>
  )
}
