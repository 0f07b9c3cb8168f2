/**
 * A buyer's schedule in the contract's shape (docs/api/management.md):
 * `{enabled, hours: {mon: [{start, end}], …, sun: []}, holidays: ["YYYY-MM-DD"], breaks: [{days, start, end}]}`.
 */
import type { Schedule, TimeWindow, Weekday } from '@/api/types'

export const WEEKDAYS: readonly { key: Weekday; label: string; short: string }[] = [
  { key: 'mon', label: 'Monday', short: 'Mon' },
  { key: 'tue', label: 'Tuesday', short: 'Tue' },
  { key: 'wed', label: 'Wednesday', short: 'Wed' },
  { key: 'thu', label: 'Thursday', short: 'Thu' },
  { key: 'fri', label: 'Friday', short: 'Fri' },
  { key: 'sat', label: 'Saturday', short: 'Sat' },
  { key: 'sun', label: 'Sunday', short: 'Sun' },
]

export const DEFAULT_WINDOW: TimeWindow = { start: '09:00', end: '17:00' }

export function emptySchedule(): Schedule {
  return { enabled: false, hours: Object.fromEntries(WEEKDAYS.map((d) => [d.key, []])), holidays: [], breaks: [] }
}

/** Every weekday present (closed days as []), holidays sorted and unique, breaks' days in week order. */
export function normalizeSchedule(schedule: Partial<Schedule> | null | undefined): Schedule {
  const hours = schedule?.hours ?? {}
  const order = WEEKDAYS.map((d) => d.key)
  return {
    enabled: schedule?.enabled ?? false,
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d.key, (hours[d.key] ?? []).map((w) => ({ start: w.start, end: w.end }))])),
    holidays: [...new Set(schedule?.holidays ?? [])].sort(),
    breaks: (schedule?.breaks ?? []).map((b) => ({
      days: order.filter((day) => b.days.includes(day)),
      start: b.start,
      end: b.end,
    })),
  }
}

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/

function minutes(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':')
  return Number(h) * 60 + Number(m)
}

/** Why a window is wrong, or undefined. */
export function windowProblem(window: { start: string; end: string }): string | undefined {
  if (!TIME.test(window.start) || !TIME.test(window.end)) return 'Enter both times as HH:MM'
  if (minutes(window.end) <= minutes(window.start)) return 'The end must be after the start'
  return undefined
}

/** Every problem of a schedule, keyed by where it is (`hours.mon.0`, `breaks.1`, `holidays.2`). */
export function scheduleProblems(schedule: Schedule): Record<string, string> {
  const problems: Record<string, string> = {}
  for (const day of WEEKDAYS) {
    const windows = schedule.hours[day.key] ?? []
    windows.forEach((w, i) => {
      const problem = windowProblem(w)
      if (problem) problems[`hours.${day.key}.${i}`] = problem
    })
    const sorted = windows.filter((w) => !windowProblem(w)).sort((a, b) => minutes(a.start) - minutes(b.start))
    for (let i = 1; i < sorted.length; i++) {
      if (minutes(sorted[i]!.start) < minutes(sorted[i - 1]!.end)) {
        problems[`hours.${day.key}`] = `${day.label}'s windows overlap`
      }
    }
  }
  schedule.breaks.forEach((b, i) => {
    const problem = b.days.length === 0 ? 'Pick at least one day' : windowProblem(b)
    if (problem) problems[`breaks.${i}`] = problem
  })
  schedule.holidays.forEach((h, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(h)) problems[`holidays.${i}`] = 'Enter a date'
  })
  return problems
}
