/**
 * The change of a figure against the previous period, for stat cards: a relative change
 * ("12.5%") for counts and money, a difference in percentage points ("2.1 pts") for rates.
 * There is no change to show (—) when either value is missing or, for a relative change,
 * the previous one is 0: the result is never NaN or Infinity.
 */

export type ChangeDirection = 'up' | 'down' | 'flat'
/** Whether the change is good news: up is good for calls and revenue, bad for response times. */
export type ChangeTone = 'good' | 'bad' | 'neutral'

export interface PeriodChange {
  /** null when there is nothing to compare with. */
  direction: ChangeDirection | null
  /** The size of the change without its sign: "12.5%", "2.1 pts", or "—". */
  amount: string
  tone: ChangeTone
}

export interface ChangeOptions {
  /** `relative` (percent of the previous value, the default) or `points` (for rates). */
  mode?: 'relative' | 'points'
  /** Whether a rise is good news (default true). */
  upIsGood?: boolean
}

const NONE: PeriodChange = { direction: null, amount: '—', tone: 'neutral' }

const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })

/** A value as a finite number: numbers, and decimal strings such as money ("125.50"). */
export function toFiniteNumber(value: number | string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? n : undefined
}

export function periodChange(
  current: number | string | null | undefined,
  previous: number | string | null | undefined,
  { mode = 'relative', upIsGood = true }: ChangeOptions = {},
): PeriodChange {
  const now = toFiniteNumber(current)
  const before = toFiniteNumber(previous)
  if (now === undefined || before === undefined) return NONE
  let change: number
  if (mode === 'points') {
    change = now - before
  } else {
    if (before === 0) return NONE
    change = ((now - before) / Math.abs(before)) * 100
  }
  if (!Number.isFinite(change)) return NONE
  // Rounded as shown: a change that shows as 0.0 is no change.
  const rounded = Math.round(Math.abs(change) * 10) / 10
  const amount = `${oneDecimal.format(rounded)}${mode === 'points' ? ' pts' : '%'}`
  if (rounded === 0) return { direction: 'flat', amount, tone: 'neutral' }
  const direction: ChangeDirection = change > 0 ? 'up' : 'down'
  return { direction, amount, tone: (direction === 'up') === upIsGood ? 'good' : 'bad' }
}

const ARROWS: Record<ChangeDirection, string> = { up: '▲', down: '▼', flat: '' }

/** "▲ 12.5% vs previous 7 days", "▼ 2.1 pts vs previous day", "0.0% vs …", "— vs …". */
export function formatPeriodChange(change: PeriodChange, against: string): string {
  const arrow = change.direction ? ARROWS[change.direction] : ''
  return `${arrow ? `${arrow} ` : ''}${change.amount} vs ${against}`
}
