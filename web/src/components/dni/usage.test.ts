import { describe, expect, it } from 'vitest'
import { dniUsage } from '@/test/dniFixtures'
import { dayTicks, isShortPeriod, usageAxis, usageSlice, usageTick, usageVerdict } from './usage'

describe('usage verdict', () => {
  it('says how many numbers to add when the recommended size is above the pool', () => {
    expect(usageVerdict(dniUsage({ p95: 7, recommendedPoolSize: 9, poolSize: 5 }))).toEqual({
      tone: 'short',
      text: 'At the 95th percentile 7 numbers were held at once; 9 would cover it (the pool has 5): add 4 numbers.',
    })
    expect(usageVerdict(dniUsage({ p95: 1, recommendedPoolSize: 3, poolSize: 2 })).text).toBe(
      'At the 95th percentile 1 number was held at once; 3 would cover it (the pool has 2): add 1 number.',
    )
  })

  it('says the pool covers it when it is at least the recommended size', () => {
    expect(usageVerdict(dniUsage({ p95: 7, recommendedPoolSize: 9, poolSize: 20 }))).toEqual({
      tone: 'ok',
      text: 'At the 95th percentile 7 numbers were held at once; the pool of 20 covers it.',
    })
    expect(usageVerdict(dniUsage({ p95: 7, recommendedPoolSize: 9, poolSize: 9 })).tone).toBe('ok')
  })

  it('names a pool without active numbers', () => {
    expect(usageVerdict(dniUsage({ p95: 1, recommendedPoolSize: 3, poolSize: 0 })).text).toBe(
      'At the 95th percentile 1 number was held at once; 3 would cover it (the pool has no active numbers): add 3 numbers.',
    )
  })

  it('says when numbers were held too briefly to count at the 95th percentile', () => {
    expect(usageVerdict(dniUsage({ p95: 0, recommendedPoolSize: 0, poolSize: 3 }, [0, 2, 1]))).toEqual({
      tone: 'ok',
      text: 'At most 2 numbers were held at once, too briefly to count at the 95th percentile; the pool of 3 covers it.',
    })
  })

  it('says so when there were no visitors', () => {
    expect(usageVerdict(dniUsage({ p95: 0, recommendedPoolSize: 0, poolSize: 5 }, []))).toEqual({ tone: 'none', text: 'No visitors in this period.' })
  })
})

describe('usage axis', () => {
  it('shows days for a week and times within a day, in the user’s zone', () => {
    expect(isShortPeriod('2026-12-01T00:00:00Z', '2026-12-08T00:00:00Z')).toBe(false)
    expect(isShortPeriod('2026-12-07T05:00:00Z', '2026-12-08T05:00:00Z')).toBe(true)
    expect(usageTick('2026-12-07T15:45:00Z', false, 'UTC')).toBe('Dec 7')
    expect(usageTick('2026-12-07T15:45:00Z', true, 'UTC')).toBe('3:45 PM')
    expect(usageTick('2026-12-07T15:45:00Z', true, 'America/New_York')).toBe('10:45 AM')
    expect(usageSlice('2026-12-07T15:45:00Z', 'UTC')).toBe('Dec 7, 3:45 PM')
  })

  it('puts one tick on each day and whole numbers up the side', () => {
    const ticks = dayTicks(dniUsage().buckets, 'UTC')
    expect(ticks).toHaveLength(7)
    expect(ticks[0]).toBe('2026-12-01T00:00:00.000Z')
    expect(ticks[1]).toBe('2026-12-02T00:30:00.000Z')
    expect(usageAxis(3)).toEqual({ max: 4, ticks: [0, 1, 2, 3, 4] })
    expect(usageAxis(0).max).toBe(2)
    expect(usageAxis(40)).toEqual({ max: 46, ticks: undefined })
  })
})
