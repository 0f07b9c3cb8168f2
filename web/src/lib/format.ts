/**
 * Display formatting. Money arrives as a decimal string ("1234.5") and is formatted on
 * its digits, never through a float, so what is shown is exactly what the server sent
 * (rounded half away from zero to cents).
 */

const EMPTY = '—'
const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** "1234.5" -> "$1,234.50"; "-0.004" -> "$0.00". A string that is not a decimal is shown as is. */
export function formatMoney(amount: string | null | undefined): string {
  if (amount == null || amount.trim() === '') return EMPTY
  const match = DECIMAL.exec(amount.trim())
  if (!match) return amount
  const [, sign, whole = '0', fraction = ''] = match
  let cents = BigInt(whole + fraction.padEnd(2, '0').slice(0, 2))
  if ((fraction[2] ?? '0') >= '5') cents += 1n
  const negative = sign === '-' && cents !== 0n
  const dollars = groupThousands((cents / 100n).toString())
  const rest = (cents % 100n).toString().padStart(2, '0')
  return `${negative ? '-' : ''}$${dollars}.${rest}`
}

/**
 * Like `formatMoney`, but keeps sub-cent digits the server sent (up to 4 decimals), for
 * per-call carrier costs: "0.0085" -> "$0.0085", "15.50" -> "$15.50", "44.99150" -> "$44.9915".
 */
export function formatMoneyPrecise(amount: string | null | undefined): string {
  if (amount == null || amount.trim() === '') return EMPTY
  const match = DECIMAL.exec(amount.trim())
  if (!match) return amount
  const [, sign, whole = '0', fraction = ''] = match
  const fine = fraction.slice(0, 4).replace(/0+$/, '')
  if (fine.length <= 2 || fraction.length > 4) return formatMoney(amount)
  const negative = sign === '-' && /[1-9]/.test(whole + fine)
  return `${negative ? '-' : ''}$${groupThousands(BigInt(whole).toString())}.${fine}`
}

/** 80 -> "80.0%" (the API sends percentages as 0 to 100). */
export function formatPercent(value: number | null | undefined, fractionDigits = 1): string {
  if (value == null || !Number.isFinite(value)) return EMPTY
  return `${value.toFixed(fractionDigits)}%`
}

/** 1234 -> "1,234". */
export function formatCount(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return EMPTY
  return new Intl.NumberFormat('en-US').format(value)
}

/**
 * A count that may be a share (a call credited in part to several sessions): up to two
 * decimals, none for whole numbers. 1234 -> "1,234", 2.5 -> "2.5", 0.3333 -> "0.33".
 */
export function formatShare(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return EMPTY
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value)
}

/** Seconds as m:ss or h:mm:ss: 125 -> "2:05", 3725 -> "1:02:05". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return EMPTY
  const total = Math.floor(seconds)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/**
 * The one way phone numbers are shown: North American E.164 numbers as "+1 415-555-0199",
 * other E.164 numbers as sent ("+442071838750"), anything else unchanged.
 */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return EMPTY
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164.trim())
  return nanp ? `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}` : e164
}

function dateTimeFormat(options: Intl.DateTimeFormatOptions, timeZone?: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone })
  } catch {
    // An unknown zone: the browser's own.
    return new Intl.DateTimeFormat('en-US', options)
  }
}

function parseDate(iso: string): Date | undefined {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** An ISO timestamp in the user's time zone (falls back to the browser's for an unknown zone). */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return EMPTY
  const date = parseDate(iso)
  if (!date) return iso
  return dateTimeFormat({ dateStyle: 'medium', timeStyle: 'short' }, timeZone).format(date)
}

/**
 * A compact timestamp for table cells: "Dec 6, 4:43 PM", with the year only when it is not
 * the current one ("Dec 6, 2025, 4:43 PM"). Put the full `formatDateTime` in a title.
 */
export function formatShortDateTime(iso: string | null | undefined, timeZone?: string, now: Date = new Date()): string {
  if (!iso) return EMPTY
  const date = parseDate(iso)
  if (!date) return iso
  const year = (d: Date) => dateTimeFormat({ year: 'numeric' }, timeZone).format(d)
  const options: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }
  if (year(date) !== year(now)) options.year = 'numeric'
  return dateTimeFormat(options, timeZone).format(date)
}

/**
 * A precise timestamp with seconds and the zone's name, for when the exact moment matters
 * (a test call's time): "Dec 6, 2026, 4:43:05 PM UTC". Sub-second digits are not shown.
 */
export function formatDateTimeWithZone(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return EMPTY
  const date = parseDate(iso)
  if (!date) return iso
  return dateTimeFormat(
    { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit', timeZoneName: 'short' },
    timeZone,
  ).format(date)
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
]

/** An ISO timestamp relative to `now`: "just now", "5 minutes ago", "yesterday", "3 weeks ago". */
export function formatRelativeTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return EMPTY
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  let amount = (date.getTime() - now.getTime()) / 1000
  if (Math.abs(amount) < 45) return 'just now'
  const format = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' })
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(Math.round(amount)) < size) return format.format(Math.round(amount), unit)
    amount /= size
  }
  return format.format(Math.round(amount), 'year')
}

/**
 * A count with its noun, pluralised: (1, 'duplicate') -> "1 duplicate", (3, 'row') -> "3 rows",
 * (1200, 'number') -> "1,200 numbers"; irregular plurals as a third argument.
 */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`
}

/**
 * A period the API answers as two instants, in UTC calendar days: "Nov 1 – Nov 30, 2026".
 * An end at exactly midnight is exclusive (the day before is the last one).
 */
export function formatDateRange(fromIso: string, toIso: string): string {
  const from = parseDate(fromIso)
  let to = parseDate(toIso)
  if (!from || !to) return `${fromIso} – ${toIso}`
  if (/T00:00:00(\.0+)?Z$/.test(toIso) && to.getTime() > from.getTime()) to = new Date(to.getTime() - 1)
  const day = (d: Date, withYear: boolean) =>
    dateTimeFormat({ month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}) }, 'UTC').format(d)
  const sameYear = from.getUTCFullYear() === to.getUTCFullYear()
  const first = day(from, !sameYear)
  const last = day(to, true)
  return first === day(to, !sameYear) ? last : `${first} – ${last}`
}

/** A stored E.164 number for a form's text box, formatted like everywhere else; '' for none. */
export function phoneForInput(e164: string | null | undefined): string {
  return e164 ? formatPhone(e164) : ''
}
