import { Plus, X } from 'lucide-react'
import type { TimeWindow } from '@/api/types'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { Input } from '@/components/ui/input'
import { DEFAULT_WINDOW } from './schedule'

/** One weekday: open or closed, and its time windows. */
export function DayHoursRow({
  day,
  label,
  windows,
  problems,
  onChange,
}: {
  day: string
  label: string
  windows: TimeWindow[]
  /** Problems by window index, plus `day` for the day as a whole. */
  problems: Record<string, string>
  onChange: (windows: TimeWindow[]) => void
}) {
  const open = windows.length > 0
  const checkboxId = `schedule-${day}-open`
  const dayProblem = problems.day

  function update(index: number, patch: Partial<TimeWindow>) {
    onChange(windows.map((w, i) => (i === index ? { ...w, ...patch } : w)))
  }

  function addWindow() {
    const last = windows.at(-1)
    onChange([...windows, last ? { start: last.end, end: last.end < '23:00' ? '23:00' : '24:00' } : DEFAULT_WINDOW])
  }

  return (
    <div role="group" aria-label={label} className="grid gap-2 py-3 sm:grid-cols-[9rem_minmax(0,1fr)] sm:items-start">
      <div className="flex h-8 items-center gap-2">
        <Checkbox id={checkboxId} checked={open} onCheckedChange={(checked) => onChange(checked === true ? [DEFAULT_WINDOW] : [])} />
        <label htmlFor={checkboxId} className="text-sm font-medium">
          {label}
        </label>
      </div>
      {open ? (
        <div className="flex flex-col gap-2">
          {windows.map((w, index) => {
            const problem = problems[String(index)]
            const errorId = `schedule-${day}-${index}-error`
            return (
              <div key={index} className="flex flex-wrap items-center gap-2">
                <Input
                  type="time"
                  aria-label={`${label} window ${index + 1} start`}
                  value={w.start}
                  onChange={(e) => update(index, { start: e.target.value })}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? errorId : undefined}
                  className="h-8 w-32"
                />
                <span className="text-sm text-muted-foreground">to</span>
                <Input
                  type="time"
                  aria-label={`${label} window ${index + 1} end`}
                  value={w.end === '24:00' ? '23:59' : w.end}
                  onChange={(e) => update(index, { end: e.target.value })}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? errorId : undefined}
                  className="h-8 w-32"
                />
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  className="size-8"
                  aria-label={`Remove ${label} window ${index + 1}`}
                  onClick={() => onChange(windows.filter((_, i) => i !== index))}
                >
                  <X aria-hidden="true" />
                </Button>
                {problem && (
                  <p id={errorId} className="w-full text-xs text-destructive">
                    {problem}
                  </p>
                )}
              </div>
            )
          })}
          {dayProblem && <p className="text-xs text-destructive">{dayProblem}</p>}
          <Button type="button" variant="link" size="sm" className="h-auto self-start p-0" onClick={addWindow}>
            <Plus aria-hidden="true" />
            Add a window on {label}
          </Button>
        </div>
      ) : (
        <p className="flex h-8 items-center text-sm text-muted-foreground">Closed</p>
      )}
    </div>
  )
}
