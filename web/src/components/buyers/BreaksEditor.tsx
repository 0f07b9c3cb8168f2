import { Plus, X } from 'lucide-react'
import type { ScheduleBreak, Weekday } from '@/api/types'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { cn } from '@/lib/utils'
import { WEEKDAYS } from './schedule'

/** Recurring breaks: on which days, from when to when. */
export function BreaksEditor({
  breaks,
  problems,
  onChange,
}: {
  breaks: ScheduleBreak[]
  /** Problems by break index. */
  problems: Record<string, string>
  onChange: (breaks: ScheduleBreak[]) => void
}) {
  function update(index: number, patch: Partial<ScheduleBreak>) {
    onChange(breaks.map((b, i) => (i === index ? { ...b, ...patch } : b)))
  }

  function toggleDay(index: number, day: Weekday) {
    const current = breaks[index]?.days ?? []
    const days = current.includes(day) ? current.filter((d) => d !== day) : [...current, day]
    update(index, { days: WEEKDAYS.map((d) => d.key).filter((d) => days.includes(d)) })
  }

  return (
    <div className="flex flex-col gap-3">
      {breaks.length === 0 && <p className="text-sm text-muted-foreground">No breaks.</p>}
      {breaks.map((b, index) => {
        const problem = problems[String(index)]
        const errorId = `schedule-break-${index}-error`
        return (
          <div key={index} role="group" aria-label={`Break ${index + 1}`} className="flex flex-col gap-2 rounded-lg border border-border p-3">
            <div className="flex flex-wrap items-center gap-1" role="group" aria-label={`Days of break ${index + 1}`}>
              {WEEKDAYS.map((d) => {
                const on = b.days.includes(d.key)
                return (
                  <button
                    key={d.key}
                    type="button"
                    aria-pressed={on}
                    aria-label={d.label}
                    onClick={() => toggleDay(index, d.key)}
                    className={cn(
                      'h-7 rounded-md border px-2 text-xs font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring',
                      on ? 'border-primary bg-primary text-primary-foreground' : 'border-border bg-background hover:bg-muted',
                    )}
                  >
                    {d.short}
                  </button>
                )
              })}
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <Input
                type="time"
                aria-label={`Break ${index + 1} start`}
                value={b.start}
                onChange={(e) => update(index, { start: e.target.value })}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? errorId : undefined}
                className="h-8 w-32"
              />
              <span className="text-sm text-muted-foreground">to</span>
              <Input
                type="time"
                aria-label={`Break ${index + 1} end`}
                value={b.end}
                onChange={(e) => update(index, { end: e.target.value })}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? errorId : undefined}
                className="h-8 w-32"
              />
              <Button
                type="button"
                variant="ghost"
                size="sm"
                className="ml-auto"
                onClick={() => onChange(breaks.filter((_, i) => i !== index))}
                aria-label={`Remove break ${index + 1}`}
              >
                <X aria-hidden="true" />
                Remove
              </Button>
            </div>
            {problem && (
              <p id={errorId} className="text-xs text-destructive">
                {problem}
              </p>
            )}
          </div>
        )
      })}
      <Button
        type="button"
        variant="outline"
        size="sm"
        className="self-start"
        onClick={() => onChange([...breaks, { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '12:00', end: '13:00' }])}
      >
        <Plus aria-hidden="true" />
        Add break
      </Button>
    </div>
  )
}
