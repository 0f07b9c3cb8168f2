import { describe, expect, it } from 'vitest'
import { reportResult, reportRow } from '@/test/reportFixtures'
import { addDays, dayPoints, performanceSpec } from './performance'

describe('performance report', () => {
  it('uses the server ranges for 7 and 30 days and a custom range of 90 days ending today in the user’s zone', () => {
    expect(performanceSpec(7, { campaignId: 'c-1' })).toMatchObject({ range: 'last7', from: null, to: null, dimensions: ['day'] })
    const now = new Date('2026-11-25T02:00:00Z')
    // Still Nov 24 in New York.
    expect(performanceSpec(90, { buyerId: 7 }, { now, timeZone: 'America/New_York' })).toMatchObject({
      range: 'custom',
      from: '2026-08-27',
      to: '2026-11-24',
      filters: { buyerId: 7, campaignId: null },
    })
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
  })

  it('orders days and leaves rates and durations out (a gap) on days without calls', () => {
    const points = dayPoints(
      reportResult({ dimensions: ['day'] }, [
        reportRow(['2026-11-25'], ['2026-11-25'], { calls: 4, conversionRate: 50, averageDuration: 61, revenue: '20.00' }),
        reportRow(['2026-11-24'], ['2026-11-24'], { calls: 0, conversionRate: 0, averageDuration: null, revenue: '0.00' }),
      ]),
    )
    expect(points.map((p) => [p.name, p.calls, p.conversionRate, p.averageDuration, p.revenue])).toEqual([
      ['Nov 24', 0, null, null, 0],
      ['Nov 25', 4, 50, 61, 20],
    ])
  })
})
