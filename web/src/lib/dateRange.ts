/**
 * Ranges of calendar days (`YYYY-MM-DD`, both ends included) as the date-range picker and
 * the report spec name them: a preset read in the user's time zone, or custom first and
 * last days. Pure functions of their inputs ("today" is passed in), so they are tested
 * without a clock. The presets resolve exactly as the server's `Range::days` does.
 */

export const RANGE_PRESETS = ['today', 'yesterday', 'last7', 'last30', 'thisMonth', 'lastMonth'] as const
export type RangePreset = (typeof RANGE_PRESETS)[number]

export const RANGE_PRESET_LABELS: Record<RangePreset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  last7: 'Last 7 days',
  last30: 'Last 30 days',
  thisMonth: 'This month',
  lastMonth: 'Last month',
}

/** What the user chose: a preset, or custom days (the report spec's `range`/`from`/`to`). */
export type RangeSelection = { range: RangePreset } | { range: 'custom'; from: string; to: string }

/** First and last day, both included. */
export interface DayRange {
  from: string
  to: string
}

/** The longest range a report (and so the picker) covers, in days, both ends included. */
export const MAX_RANGE_DAYS = 366

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

function toUtc(day: string): number {
  const [, y, m, d] = ISO_DAY.exec(day) ?? []
  return Date.UTC(Number(y), Number(m) - 1, Number(d))
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** A real calendar day written `YYYY-MM-DD` ("2026-02-30" is not one). */
export function isIsoDay(value: string | null | undefined): value is string {
  if (!value || !ISO_DAY.test(value)) return false
  const ms = toUtc(value)
  return Number.isFinite(ms) && fromUtc(ms) === value
}

export function addDays(day: string, days: number): string {
  return fromUtc(toUtc(day) + days * DAY_MS)
}

/** Days from `from` to `to`, both included (0 or less when `to` is before `from`). */
export function rangeLength({ from, to }: DayRange): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS) + 1
}

function firstOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`
}

/** The days a selection covers when today is `today`. */
export function resolveRange(selection: RangeSelection, today: string): DayRange {
  switch (selection.range) {
    case 'today':
      return { from: today, to: today }
    case 'yesterday': {
      const yesterday = addDays(today, -1)
      return { from: yesterday, to: yesterday }
    }
    case 'last7':
      return { from: addDays(today, -6), to: today }
    case 'last30':
      return { from: addDays(today, -29), to: today }
    case 'thisMonth':
      return { from: firstOfMonth(today), to: today }
    case 'lastMonth': {
      const last = addDays(firstOfMonth(today), -1)
      return { from: firstOfMonth(last), to: last }
    }
    case 'custom':
      return { from: selection.from, to: selection.to }
  }
}

/**
 * The period compared with `range`: as many days, ending the day before it starts.
 * Last month in March (Feb 1–28) compares with Jan 4–31; a single day with the day before.
 */
export function previousPeriod(range: DayRange): DayRange {
  const days = Math.max(1, rangeLength(range))
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) }
}

/** Why custom days do not make a range the picker accepts; undefined when they do. */
export function customRangeError(from: string, to: string, maxDays: number = MAX_RANGE_DAYS): string | undefined {
  if (!isIsoDay(from)) return 'Choose the first day'
  if (!isIsoDay(to)) return 'Choose the last day'
  const days = rangeLength({ from, to })
  if (days < 1) return 'The last day cannot be before the first'
  if (days > maxDays) return `A range is at most ${maxDays} days`
  return undefined
}

/** Today's date in `timeZone` (the browser's for none or an unknown one). */
export function todayIn(timeZone?: string, now: Date = new Date()): string {
  const format = (zone?: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
  try {
    return format(timeZone)
  } catch {
    return format()
  }
}

function isPreset(value: string | null): value is RangePreset {
  return (RANGE_PRESETS as readonly (string | null)[]).includes(value)
}

/** The picker's state as a link carries it. */
export interface RangeState {
  selection: RangeSelection
  compare: boolean
}

/**
 * Reads `?range=last7` or `?from=YYYY-MM-DD&to=YYYY-MM-DD`, and `&compare=1`. Anything
 * missing or invalid (an unknown preset, days that do not make a range) gives `fallback`.
 */
export function readRangeParams(params: URLSearchParams, fallback: RangePreset): RangeState {
  const compare = params.get('compare') === '1'
  const range = params.get('range')
  if (isPreset(range)) return { selection: { range }, compare }
  const from = params.get('from') ?? ''
  const to = params.get('to') ?? ''
  if ((range === null || range === 'custom') && customRangeError(from, to) === undefined) {
    return { selection: { range: 'custom', from, to }, compare }
  }
  return { selection: { range: fallback }, compare }
}

/** `params` with the range and compare parameters set to `state` (other parameters kept). */
export function writeRangeParams(params: URLSearchParams, { selection, compare }: RangeState): URLSearchParams {
  const next = new URLSearchParams(params)
  next.delete('range')
  next.delete('from')
  next.delete('to')
  next.delete('compare')
  if (selection.range === 'custom') {
    next.set('from', selection.from)
    next.set('to', selection.to)
  } else {
    next.set('range', selection.range)
  }
  if (compare) next.set('compare', '1')
  return next
}

function formatUtcDay(day: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(new Date(toUtc(day)))
}

/** "Nov 19 – Nov 25, 2026", "Dec 20, 2025 – Jan 5, 2026", or one day: "Nov 25, 2026". */
export function formatDayRange({ from, to }: DayRange): string {
  if (!isIsoDay(from) || !isIsoDay(to)) return `${from} – ${to}`
  const withYear: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', year: 'numeric' }
  if (from === to) return formatUtcDay(to, withYear)
  const sameYear = from.slice(0, 4) === to.slice(0, 4)
  return `${formatUtcDay(from, sameYear ? { month: 'short', day: 'numeric' } : withYear)} – ${formatUtcDay(to, withYear)}`
}

/** "previous 7 days", "previous day": what a change is measured against. */
export function previousPeriodLabel(range: DayRange): string {
  const days = rangeLength(range)
  return days <= 1 ? 'previous day' : `previous ${days} days`
}

/** The report spec's `range`, `from` and `to` for a selection (custom days only for `custom`). */
export function selectionToSpec(selection: RangeSelection): { range: RangePreset | 'custom'; from: string | null; to: string | null } {
  return selection.range === 'custom'
    ? { range: 'custom', from: selection.from, to: selection.to }
    : { range: selection.range, from: null, to: null }
}

/** The spec fields of explicit days (a previous period is always custom days). */
export function daysToSpec(range: DayRange): { range: 'custom'; from: string; to: string } {
  return { range: 'custom', from: range.from, to: range.to }
}
