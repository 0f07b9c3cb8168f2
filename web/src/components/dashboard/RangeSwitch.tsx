import { cn } from '@/lib/utils'
import { RANGES, type RangeDays } from './chartFormat'

export function RangeSwitch({ value, onChange }: { value: RangeDays; onChange: (days: RangeDays) => void }) {
  return (
    <div role="group" aria-label="Date range" className="inline-flex rounded-md border border-border bg-muted p-0.5">
      {RANGES.map((days) => (
        <button
          key={days}
          type="button"
          aria-pressed={value === days}
          onClick={() => onChange(days)}
          className={cn(
            'rounded px-2.5 py-1 text-xs font-medium outline-none transition-colors focus-visible:ring-2 focus-visible:ring-ring',
            value === days ? 'bg-background text-foreground shadow-xs' : 'text-muted-foreground hover:text-foreground',
          )}
        >
          {days} days
        </button>
      ))}
    </div>
  )
}
