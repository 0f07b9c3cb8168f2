import { cn } from '@/lib/utils'

/** A horizontal bar for a percentage (0-100); `label` names it for assistive technology. */
export function Progress({ value, label, className }: { value: number; label: string; className?: string }) {
  const clamped = Math.min(100, Math.max(0, Number.isFinite(value) ? value : 0))
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(clamped)}
      className={cn('h-2 w-full overflow-hidden rounded-full bg-muted', className)}
    >
      <div
        className={cn('h-full rounded-full transition-[width]', clamped >= 90 ? 'bg-amber-500 dark:bg-amber-400' : 'bg-primary')}
        style={{ width: `${clamped}%` }}
      />
    </div>
  )
}
