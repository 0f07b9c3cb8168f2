import { describe, expect, it } from 'vitest'
import { reportResult, reportRow } from '@/test/reportFixtures'
import { chartPoints, legendOrder, OTHER_COLOR, pieSlices, pivot, unitAxes } from './chartData'

describe('chart data', () => {
  it('plots money strings as numbers and keeps the values as sent for tooltips', () => {
    const result = reportResult({ dimensions: ['campaign'], metrics: ['calls', 'revenue'] }, [reportRow(['c-1'], ['Auto'], { calls: 3, revenue: '12.50' })])
    expect(chartPoints(result)).toEqual([{ name: 'Auto', raw: { calls: 3, revenue: '12.50' }, calls: 3, revenue: 12.5 }])
  })

  it('gives each unit its own visible axis: counts left, money right, the others where there are fewer', () => {
    expect(unitAxes(['calls', 'revenue', 'converted', 'conversionRate', 'averageDuration'])).toEqual([
      { unit: 'count', orientation: 'left' },
      { unit: 'money', orientation: 'right' },
      { unit: 'percent', orientation: 'left' },
      { unit: 'seconds', orientation: 'right' },
    ])
    // Revenue first still goes right, and calls never share its axis.
    expect(unitAxes(['revenue', 'calls'])).toEqual([
      { unit: 'money', orientation: 'right' },
      { unit: 'count', orientation: 'left' },
    ])
    expect(unitAxes(['conversionRate', 'averageDuration'])).toEqual([
      { unit: 'percent', orientation: 'left' },
      { unit: 'seconds', orientation: 'right' },
    ])
  })

  it('keeps the 8 largest pie slices, largest first, and adds up the rest into “Other”', () => {
    const rows = Array.from({ length: 55 }, (_, i) => reportRow([`s${i}`], [`State ${i}`], { calls: i }))
    const slices = pieSlices(chartPoints(reportResult({ dimensions: ['state'], metrics: ['calls'] }, rows)), 'calls')
    expect(slices).toHaveLength(9)
    expect(slices.slice(0, 8).map((s) => s.name)).toEqual(['State 54', 'State 53', 'State 52', 'State 51', 'State 50', 'State 49', 'State 48', 'State 47'])
    const other = slices[8]!
    // 1 + 2 + … + 46 (State 0 has no calls, so no share).
    expect(other).toMatchObject({ name: 'Other (46)', calls: (46 * 47) / 2, others: 46, color: OTHER_COLOR })
    expect(new Set(slices.slice(0, 8).map((s) => s.color)).size).toBe(8)
  })

  it('keeps every slice when at most one would be left over', () => {
    const rows = Array.from({ length: 9 }, (_, i) => reportRow([`c${i}`], [`C${i}`], { revenue: `${i + 1}.00` }))
    const slices = pieSlices(chartPoints(reportResult({ dimensions: ['campaign'], metrics: ['revenue'] }, rows)), 'revenue')
    expect(slices.map((s) => s.name)).toEqual(['C8', 'C7', 'C6', 'C5', 'C4', 'C3', 'C2', 'C1', 'C0'])
    expect(slices.some((s) => s.others)).toBe(false)
  })

  it('orders legend items as given, by data key or by name', () => {
    const order = legendOrder(['calls', 'revenue', 'conversionRate'])
    expect(order({ dataKey: 'conversionRate', value: 'Conversion rate' })).toBe(2)
    expect(order({ dataKey: 'calls', value: 'Calls' })).toBe(0)
    expect(legendOrder(['TX', 'CA'])({ value: 'CA' })).toBe(1)
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
