import { describe, expect, it } from 'vitest'
import {
  customRangeError,
  formatDayRange,
  isIsoDay,
  previousPeriod,
  previousPeriodLabel,
  rangeLength,
  readRangeParams,
  resolveRange,
  selectionToSpec,
  todayIn,
  writeRangeParams,
} from './dateRange'

const TODAY = '2026-03-10'

describe('resolveRange', () => {
  it('reads each preset from today, as the server does', () => {
    expect(resolveRange({ range: 'today' }, TODAY)).toEqual({ from: '2026-03-10', to: '2026-03-10' })
    expect(resolveRange({ range: 'yesterday' }, TODAY)).toEqual({ from: '2026-03-09', to: '2026-03-09' })
    expect(resolveRange({ range: 'last7' }, TODAY)).toEqual({ from: '2026-03-04', to: '2026-03-10' })
    expect(resolveRange({ range: 'last30' }, TODAY)).toEqual({ from: '2026-02-09', to: '2026-03-10' })
    expect(resolveRange({ range: 'thisMonth' }, TODAY)).toEqual({ from: '2026-03-01', to: '2026-03-10' })
    expect(resolveRange({ range: 'lastMonth' }, TODAY)).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(resolveRange({ range: 'lastMonth' }, '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' })
    expect(resolveRange({ range: 'custom', from: '2026-01-05', to: '2026-01-20' }, TODAY)).toEqual({ from: '2026-01-05', to: '2026-01-20' })
  })
})

describe('previousPeriod', () => {
  it('is as many days, ending the day before the range starts', () => {
    expect(previousPeriod({ from: '2026-03-04', to: '2026-03-10' })).toEqual({ from: '2026-02-25', to: '2026-03-03' })
    expect(previousPeriod({ from: '2026-02-09', to: '2026-03-10' })).toEqual({ from: '2026-01-10', to: '2026-02-08' })
  })

  it('of a single day is the day before (today, yesterday, across a year)', () => {
    expect(previousPeriod(resolveRange({ range: 'today' }, TODAY))).toEqual({ from: '2026-03-09', to: '2026-03-09' })
    expect(previousPeriod(resolveRange({ range: 'yesterday' }, TODAY))).toEqual({ from: '2026-03-08', to: '2026-03-08' })
    expect(previousPeriod({ from: '2026-01-01', to: '2026-01-01' })).toEqual({ from: '2025-12-31', to: '2025-12-31' })
  })

  it('of the month presets is the same number of days before them', () => {
    // Last month in March 2026 is February's 28 days: the 28 days before.
    expect(previousPeriod(resolveRange({ range: 'lastMonth' }, TODAY))).toEqual({ from: '2026-01-04', to: '2026-01-31' })
    // A leap February has 29.
    expect(previousPeriod(resolveRange({ range: 'lastMonth' }, '2024-03-02'))).toEqual({ from: '2024-01-03', to: '2024-01-31' })
    // This month so far (10 days): the last 10 days of the month before.
    expect(previousPeriod(resolveRange({ range: 'thisMonth' }, TODAY))).toEqual({ from: '2026-02-19', to: '2026-02-28' })
    // On the first of the month, "this month" is one day.
    expect(previousPeriod(resolveRange({ range: 'thisMonth' }, '2026-03-01'))).toEqual({ from: '2026-02-28', to: '2026-02-28' })
  })

  it('keeps the length, and crosses DST changes and years by calendar days', () => {
    const range = { from: '2025-12-20', to: '2026-01-05' }
    const before = previousPeriod(range)
    expect(before).toEqual({ from: '2025-12-03', to: '2025-12-19' })
    expect(rangeLength(before)).toBe(rangeLength(range))
    expect(previousPeriod({ from: '2026-03-08', to: '2026-03-14' })).toEqual({ from: '2026-03-01', to: '2026-03-07' })
  })
})

describe('customRangeError', () => {
  it('accepts first ≤ last and at most 366 days', () => {
    expect(customRangeError('2026-03-10', '2026-03-10')).toBeUndefined()
    expect(customRangeError('2025-03-10', '2026-03-10')).toBeUndefined() // 366 days
    expect(customRangeError('2025-03-09', '2026-03-10')).toBe('A range is at most 366 days')
    expect(customRangeError('2026-03-11', '2026-03-10')).toBe('The last day cannot be before the first')
    expect(customRangeError('', '2026-03-10')).toBe('Choose the first day')
    expect(customRangeError('2026-03-10', '2026-02-30')).toBe('Choose the last day')
  })

  it('knows real days', () => {
    expect(isIsoDay('2024-02-29')).toBe(true)
    expect(isIsoDay('2026-02-29')).toBe(false)
    expect(isIsoDay('2026-3-1')).toBe(false)
  })
})

describe('URL parameters', () => {
  it('reads a preset, custom days and compare, falling back on anything invalid', () => {
    expect(readRangeParams(new URLSearchParams('range=last7&compare=1'), 'last30')).toEqual({ selection: { range: 'last7' }, compare: true })
    expect(readRangeParams(new URLSearchParams('from=2026-01-01&to=2026-01-31'), 'last30')).toEqual({
      selection: { range: 'custom', from: '2026-01-01', to: '2026-01-31' },
      compare: false,
    })
    expect(readRangeParams(new URLSearchParams(''), 'last30')).toEqual({ selection: { range: 'last30' }, compare: false })
    expect(readRangeParams(new URLSearchParams('range=last90'), 'last30').selection).toEqual({ range: 'last30' })
    expect(readRangeParams(new URLSearchParams('from=2026-02-01&to=2026-01-01'), 'last7').selection).toEqual({ range: 'last7' })
    expect(readRangeParams(new URLSearchParams('from=2024-01-01&to=2026-01-01'), 'last7').selection).toEqual({ range: 'last7' })
  })

  it('writes them back, keeping the other parameters', () => {
    const params = new URLSearchParams('tab=trends&from=2026-01-01&to=2026-01-31&compare=1')
    expect(writeRangeParams(params, { selection: { range: 'last7' }, compare: true }).toString()).toBe('tab=trends&range=last7&compare=1')
    expect(writeRangeParams(new URLSearchParams('tab=trends&range=today'), { selection: { range: 'custom', from: '2026-01-01', to: '2026-01-31' }, compare: false }).toString()).toBe(
      'tab=trends&from=2026-01-01&to=2026-01-31',
    )
  })

  it('round-trips', () => {
    for (const state of [
      { selection: { range: 'thisMonth' as const }, compare: false },
      { selection: { range: 'custom' as const, from: '2025-12-01', to: '2026-02-01' }, compare: true },
    ]) {
      expect(readRangeParams(writeRangeParams(new URLSearchParams(), state), 'last30')).toEqual(state)
    }
  })
})

describe('labels and specs', () => {
  it('formats ranges and what they are compared with', () => {
    expect(formatDayRange({ from: '2026-03-04', to: '2026-03-10' })).toBe('Mar 4 – Mar 10, 2026')
    expect(formatDayRange({ from: '2025-12-20', to: '2026-01-05' })).toBe('Dec 20, 2025 – Jan 5, 2026')
    expect(formatDayRange({ from: '2026-03-10', to: '2026-03-10' })).toBe('Mar 10, 2026')
    expect(previousPeriodLabel({ from: '2026-03-04', to: '2026-03-10' })).toBe('previous 7 days')
    expect(previousPeriodLabel({ from: '2026-03-10', to: '2026-03-10' })).toBe('previous day')
  })

  it('keeps the report spec’s range/from/to meaning', () => {
    expect(selectionToSpec({ range: 'last7' })).toEqual({ range: 'last7', from: null, to: null })
    expect(selectionToSpec({ range: 'custom', from: '2026-01-01', to: '2026-01-02' })).toEqual({ range: 'custom', from: '2026-01-01', to: '2026-01-02' })
  })

  it('reads today in a time zone', () => {
    const now = new Date('2026-03-10T02:30:00Z')
    expect(todayIn('UTC', now)).toBe('2026-03-10')
    expect(todayIn('America/New_York', now)).toBe('2026-03-09')
    expect(todayIn('Asia/Tokyo', now)).toBe('2026-03-10')
    expect(todayIn('Not/AZone', now)).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })
})
