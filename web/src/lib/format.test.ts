import { describe, expect, it } from 'vitest'
import { formatDuration, formatMoney, formatMoneyPrecise, formatPercent, formatPhone } from './format'

describe('formatMoneyPrecise', () => {
  it.each([
    ['0.0085', '$0.0085'],
    ['44.9915', '$44.9915'],
    ['-0.0085', '-$0.0085'],
    ['15.50', '$15.50'],
    ['15.5000', '$15.50'],
    ['1234.125', '$1,234.125'],
    ['0.00001', '$0.00'],
    [null, '—'],
  ])('formats %s as %s', (input, expected) => {
    expect(formatMoneyPrecise(input)).toBe(expected)
  })
})

describe('formatMoney', () => {
  it.each([
    ['125.50', '$125.50'],
    ['1234.5', '$1,234.50'],
    ['0.00', '$0.00'],
    ['0', '$0.00'],
    ['1234567.891', '$1,234,567.89'],
    ['2.005', '$2.01'],
    ['0.1', '$0.10'],
    ['-15.5', '-$15.50'],
    ['-0.001', '$0.00'],
    ['99999999999999999.99', '$99,999,999,999,999,999.99'],
  ])('formats %s as %s', (input, expected) => {
    expect(formatMoney(input)).toBe(expected)
  })

  it('rounds on the digits, not through a float (1.005 would be 1.00 as a double)', () => {
    expect(formatMoney('1.005')).toBe('$1.01')
  })

  it('shows a dash for a missing amount and leaves a non-decimal as sent', () => {
    expect(formatMoney(null)).toBe('—')
    expect(formatMoney('')).toBe('—')
    expect(formatMoney('n/a')).toBe('n/a')
  })
})

describe('formatPercent', () => {
  it('shows one decimal', () => {
    expect(formatPercent(80)).toBe('80.0%')
    expect(formatPercent(0)).toBe('0.0%')
    expect(formatPercent(66.666)).toBe('66.7%')
    expect(formatPercent(100)).toBe('100.0%')
  })

  it('shows a dash for a missing or non-finite value', () => {
    expect(formatPercent(undefined)).toBe('—')
    expect(formatPercent(Number.NaN)).toBe('—')
  })
})

describe('formatDuration and formatPhone', () => {
  it('formats seconds as m:ss or h:mm:ss', () => {
    expect(formatDuration(125)).toBe('2:05')
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(3725)).toBe('1:02:05')
    expect(formatDuration(null)).toBe('—')
  })

  it('formats North American numbers and leaves others alone', () => {
    expect(formatPhone('+12129200892')).toBe('+1 (212) 920-0892')
    expect(formatPhone('+442071838750')).toBe('+442071838750')
  })
})
