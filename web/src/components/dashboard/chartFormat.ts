/** "2026-11-25" -> "Nov 25" (the date is a calendar day; no time zone shift). */
export function formatDay(date: string): string {
  const parsed = new Date(`${date}T00:00:00Z`)
  if (Number.isNaN(parsed.getTime())) return date
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(parsed)
}

/** Decimal money string -> number, for plotting only (labels use formatMoney on the string). */
export function moneyToNumber(amount: string | null | undefined): number {
  const value = Number(amount)
  return Number.isFinite(value) ? value : 0
}

/** Compact axis ticks: 1234 -> "$1.2K". */
export function formatMoneyTick(value: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(value)
}
