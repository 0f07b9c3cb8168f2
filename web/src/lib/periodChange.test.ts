import { describe, expect, it } from 'vitest'
import { formatPeriodChange, periodChange } from './periodChange'

const text = (...args: Parameters<typeof periodChange>) => formatPeriodChange(periodChange(...args), 'previous 7 days')

describe('periodChange', () => {
  it('gives the relative change with an arrow, good when up', () => {
    expect(text(45, 40)).toBe('▲ 12.5% vs previous 7 days')
    expect(periodChange(45, 40)).toEqual({ direction: 'up', amount: '12.5%', tone: 'good' })
    expect(text(36, 40)).toBe('▼ 10.0% vs previous 7 days')
    expect(periodChange(36, 40).tone).toBe('bad')
  })

  it('reads money strings', () => {
    expect(text('1125.00', '1250.00')).toBe('▼ 10.0% vs previous 7 days')
    expect(text('1,250.00', '100')).toBe('— vs previous 7 days')
  })

  it('is good news going down when up is bad (response times, costs)', () => {
    expect(periodChange(300, 400, { upIsGood: false })).toEqual({ direction: 'down', amount: '25.0%', tone: 'good' })
    expect(periodChange(500, 400, { upIsGood: false }).tone).toBe('bad')
  })

  it('shows — when the previous value is 0 or missing: never NaN or Infinity', () => {
    expect(text(10, 0)).toBe('— vs previous 7 days')
    expect(text(0, 0)).toBe('— vs previous 7 days')
    expect(text(10, null)).toBe('— vs previous 7 days')
    expect(text(undefined, 10)).toBe('— vs previous 7 days')
    expect(text(Number.NaN, 10)).toBe('— vs previous 7 days')
    expect(text(10, Number.POSITIVE_INFINITY)).toBe('— vs previous 7 days')
    expect(text('abc', '10')).toBe('— vs previous 7 days')
    expect(periodChange(10, 0)).toEqual({ direction: null, amount: '—', tone: 'neutral' })
  })

  it('says no change when it rounds to 0.0', () => {
    expect(text(40, 40)).toBe('0.0% vs previous 7 days')
    expect(periodChange(100001, 100000)).toEqual({ direction: 'flat', amount: '0.0%', tone: 'neutral' })
  })

  it('measures against the size of a negative previous value (a loss)', () => {
    expect(text(-50, -100)).toBe('▲ 50.0% vs previous 7 days')
    expect(text(50, -100)).toBe('▲ 150.0% vs previous 7 days')
  })

  it('groups large changes', () => {
    expect(periodChange(12345, 1).amount).toBe('1,234,400.0%')
  })

  it('gives rates as percentage points', () => {
    expect(text(40, 37.5, { mode: 'points' })).toBe('▲ 2.5 pts vs previous 7 days')
    expect(text(30, 37.5, { mode: 'points' })).toBe('▼ 7.5 pts vs previous 7 days')
    // From 0% is a real change in points; only a missing value has none.
    expect(text(12, 0, { mode: 'points' })).toBe('▲ 12.0 pts vs previous 7 days')
    expect(text(12, null, { mode: 'points' })).toBe('— vs previous 7 days')
  })
})
