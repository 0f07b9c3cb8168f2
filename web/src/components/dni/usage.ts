/** Pure helpers of a tag's usage chart: the verdict on its pool size and the axis labels. */
import type { DniUsage } from '@/api/types'
import { pluralize } from '@/lib/format'

export type UsageTone = 'none' | 'ok' | 'short'

export interface UsageVerdict {
  tone: UsageTone
  text: string
}

/**
 * What the period says about the pool: "No visitors in this period.", "…the pool of 20 covers
 * it.", or "…9 would cover it (the pool has 5): add 4 numbers."
 */
export function usageVerdict(usage: Pick<DniUsage, 'p95' | 'poolSize' | 'recommendedPoolSize' | 'buckets'>): UsageVerdict {
  const most = Math.max(0, ...usage.buckets.map((b) => b.peak))
  if (usage.recommendedPoolSize === 0 && most === 0) return { tone: 'none', text: 'No visitors in this period.' }
  const need = usage.recommendedPoolSize
  const pool = usage.poolSize
  if (usage.p95 === 0 && need <= pool) {
    // Numbers were held, but for less than one minute in twenty: nothing to size for.
    return {
      tone: 'ok',
      text: `At most ${pluralize(most, 'number was', 'numbers were')} held at once, too briefly to count at the 95th percentile; the pool of ${pool} covers it.`,
    }
  }
  const atOnce = `At the 95th percentile ${pluralize(usage.p95, 'number was', 'numbers were')} held at once`
  if (need > pool) {
    const has = pool === 0 ? 'the pool has no active numbers' : `the pool has ${pool}`
    return { tone: 'short', text: `${atOnce}; ${need} would cover it (${has}): add ${pluralize(need - pool, 'number')}.` }
  }
  return { tone: 'ok', text: `${atOnce}; the pool of ${pool} covers it.` }
}

function format(options: Intl.DateTimeFormatOptions, timeZone: string | undefined, iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  try {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone }).format(date)
  } catch {
    return new Intl.DateTimeFormat('en-US', options).format(date)
  }
}

/** Whether a period is short enough (at most two days) that its axis shows times, not days. */
export function isShortPeriod(from: string, to: string): boolean {
  return new Date(to).getTime() - new Date(from).getTime() <= 2 * 86_400_000
}

/** The first slice of each day (in the user's zone): where a period of days puts its ticks. */
export function dayTicks(buckets: readonly { at: string }[], timeZone?: string): string[] {
  const ticks: string[] = []
  let last = ''
  for (const b of buckets) {
    const day = format({ year: 'numeric', month: 'numeric', day: 'numeric' }, timeZone, b.at)
    if (day !== last) ticks.push(b.at)
    last = day
  }
  return ticks
}

/** The value axis's top and its ticks: room above the highest line, whole numbers. */
export function usageAxis(top: number): { max: number; ticks: number[] | undefined } {
  const max = Math.max(2, top + Math.max(1, Math.ceil(top * 0.15)))
  return { max, ticks: max <= 10 ? Array.from({ length: max + 1 }, (_, i) => i) : undefined }
}

/** An axis tick: "Dec 6" for a period of days, "4:45 PM" within a day or two. */
export function usageTick(iso: string, short: boolean, timeZone?: string): string {
  return short ? format({ hour: 'numeric', minute: '2-digit' }, timeZone, iso) : format({ month: 'short', day: 'numeric' }, timeZone, iso)
}

/** A slice in a tooltip: "Dec 6, 4:45 PM". */
export function usageSlice(iso: string, timeZone?: string): string {
  return format({ month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }, timeZone, iso)
}
