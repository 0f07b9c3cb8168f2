import { Copy } from 'lucide-react'
import { useId, useMemo } from 'react'
import type { Schedule, TimeWindow, Weekday } from '@/api/types'
import { Button } from '@/components/ui/button'
import { Label } from '@/components/ui/label'
import { Switch } from '@/components/ui/switch'
import { BreaksEditor } from './BreaksEditor'
import { DayHoursRow } from './DayHoursRow'
import { HolidaysEditor } from './HolidaysEditor'
import { normalizeSchedule, scheduleProblems, WEEKDAYS } from './schedule'

function problemsUnder(problems: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, message] of Object.entries(problems)) {
    if (key === prefix) out.day = message
    else if (key.startsWith(`${prefix}.`)) out[key.slice(prefix.length + 1)] = message
  }
  return out
}

/**
 * Edits a buyer's schedule and reports it in the contract's JSON shape. When off, the buyer
 * takes calls at any time (the windows are kept, in case it is turned on again).
 */
export function ScheduleEditor({
  value,
  onChange,
  error,
  hints = {
    on: 'Calls reach this buyer only in the windows below, in the buyer’s time zone.',
    off: 'Off: the buyer takes calls at any time.',
  },
}: {
  value: Schedule
  onChange: (schedule: Schedule) => void
  /** A server error about the schedule as a whole. */
  error?: string
  /** What the switch's state means (a buyer's by default; a call flow's business-hours node says its own). */
  hints?: { on: string; off: string }
}) {
  const switchId = useId()
  const schedule = useMemo(() => normalizeSchedule(value), [value])
  const problems = useMemo(() => scheduleProblems(schedule), [schedule])

  function emit(patch: Partial<Schedule>) {
    onChange(normalizeSchedule({ ...schedule, ...patch }))
  }

  function setDay(day: Weekday, windows: TimeWindow[]) {
    emit({ hours: { ...schedule.hours, [day]: windows } })
  }

  function copyMondayToWeekdays() {
    const monday = schedule.hours.mon ?? []
    emit({
      hours: {
        ...schedule.hours,
        tue: monday.map((w) => ({ ...w })),
        wed: monday.map((w) => ({ ...w })),
        thu: monday.map((w) => ({ ...w })),
        fri: monday.map((w) => ({ ...w })),
      },
    })
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-start justify-between gap-4 rounded-lg border border-border p-3">
        <div className="flex flex-col gap-1">
          <Label htmlFor={switchId}>Business hours</Label>
          <p id={`${switchId}-hint`} className="text-xs text-muted-foreground">
            {schedule.enabled ? hints.on : hints.off}
          </p>
        </div>
        <Switch
          id={switchId}
          checked={schedule.enabled}
          onCheckedChange={(enabled) => emit({ enabled })}
          aria-describedby={`${switchId}-hint`}
        />
      </div>
      {error && (
        <p role="alert" className="text-sm text-destructive" data-slot="field-error">
          {error}
        </p>
      )}
      {schedule.enabled && (
        <>
          <section aria-label="Weekly hours" className="flex flex-col">
            <div className="flex items-center justify-between gap-2">
              <h4 className="text-sm font-medium">Weekly hours</h4>
              <Button
                type="button"
                variant="ghost"
                size="sm"
                onClick={copyMondayToWeekdays}
                disabled={(schedule.hours.mon ?? []).length === 0}
              >
                <Copy aria-hidden="true" />
                Copy Monday to weekdays
              </Button>
            </div>
            <div className="divide-y divide-border">
              {WEEKDAYS.map((d) => (
                <DayHoursRow
                  key={d.key}
                  day={d.key}
                  label={d.label}
                  windows={schedule.hours[d.key] ?? []}
                  problems={problemsUnder(problems, `hours.${d.key}`)}
                  onChange={(windows) => setDay(d.key, windows)}
                />
              ))}
            </div>
          </section>
          <section aria-label="Holidays" className="flex flex-col gap-2 border-t border-border pt-4">
            <h4 className="text-sm font-medium">Holidays</h4>
            <HolidaysEditor holidays={schedule.holidays} onChange={(holidays) => emit({ holidays })} />
          </section>
          <section aria-label="Breaks" className="flex flex-col gap-2 border-t border-border pt-4">
            <h4 className="text-sm font-medium">Breaks</h4>
            <BreaksEditor breaks={schedule.breaks} problems={problemsUnder(problems, 'breaks')} onChange={(breaks) => emit({ breaks })} />
          </section>
        </>
      )}
    </div>
  )
}
