import { describe, expect, it } from 'vitest'
import { reportResult, reportRow } from '@/test/reportFixtures'
import { chartPoints, pivot, unitAxes } from './chartData'

describe('chart data', () => {
  it('plots money strings as numbers and keeps the values as sent for tooltips', () => {
    const result = reportResult({ dimensions: ['campaign'], metrics: ['calls', 'revenue'] }, [reportRow(['c-1'], ['Auto'], { calls: 3, revenue: '12.50' })])
    expect(chartPoints(result)).toEqual([{ name: 'Auto', raw: { calls: 3, revenue: '12.50' }, calls: 3, revenue: 12.5 }])
  })

  it('gives each unit its own axis: the first two shown, the rest scaled but hidden', () => {
    expect(unitAxes(['calls', 'revenue', 'converted', 'conversionRate', 'averageDuration'])).toEqual([
      { unit: 'count', orientation: 'left', hide: false },
      { unit: 'money', orientation: 'right', hide: false },
      { unit: 'percent', orientation: 'left', hide: true },
      { unit: 'seconds', orientation: 'left', hide: true },
    ])
  })

  it('pivots two dimensions: days across (in order, gaps as zero), one series per campaign, largest first', () => {
    const result = reportResult({ dimensions: ['campaign', 'day'], metrics: ['revenue', 'calls'] }, [
      reportRow(['c-1', '2026-11-02'], ['Auto', '2026-11-02'], { revenue: '30.00', calls: 1 }),
      reportRow(['c-2', '2026-11-01'], ['Solar', '2026-11-01'], { revenue: '100.00', calls: 2 }),
      reportRow(['c-1', '2026-11-01'], ['Auto', '2026-11-01'], { revenue: '20.00', calls: 5 }),
      reportRow(['c-3', '2026-11-02'], ['Home', '2026-11-02'], { revenue: '1.00', calls: 9 }),
    ])
    const { points, series, omitted, xIndex } = pivot(result, 'revenue', 2)
    expect(xIndex).toBe(1)
    expect(series).toEqual([
      { key: 's0', name: 'Solar' },
      { key: 's1', name: 'Auto' },
    ])
    expect(omitted).toBe(1)
    expect(points).toEqual([
      { name: 'Nov 1', s0: 100, s1: 20 },
      { name: 'Nov 2', s0: 0, s1: 30 },
    ])
  })

  it('pivots over the first dimension when neither is a time', () => {
    const result = reportResult({ dimensions: ['campaign', 'state'], metrics: ['calls'] }, [
      reportRow(['c-1', 'CA'], ['Auto', 'CA'], { calls: 4 }),
      reportRow(['c-1', 'NY'], ['Auto', 'NY'], { calls: 2 }),
      reportRow(['c-2', 'CA'], ['Solar', 'CA'], { calls: 1 }),
    ])
    const { points, series, xIndex } = pivot(result, 'calls')
    expect(xIndex).toBe(0)
    expect(series.map((s) => s.name)).toEqual(['CA', 'NY'])
    expect(points).toEqual([
      { name: 'Auto', s0: 4, s1: 2 },
      { name: 'Solar', s0: 1, s1: 0 },
    ])
  })
})
