import { describe, expect, it } from 'vitest'
import {
  formatDateRange,
  formatDateTimeWithZone,
  formatDuration,
  formatMoney,
  formatMoneyPrecise,
  formatPercent,
  formatPhone,
  formatRelativeTime,
  formatShare,
  formatShortDateTime,
  pluralize,
} from './format'

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

describe('formatShare', () => {
  it.each([
    [1234, '1,234'],
    [8, '8'],
    [2.5, '2.5'],
    [0.3333, '0.33'],
    [1.666, '1.67'],
    [2.999, '3'],
    [0, '0'],
    [null, '—'],
  ])('shows %s as %s', (input, expected) => {
    expect(formatShare(input)).toBe(expected)
  })
})

describe('formatDuration and formatPhone', () => {
  it('formats seconds as m:ss or h:mm:ss', () => {
    expect(formatDuration(125)).toBe('2:05')
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(3725)).toBe('1:02:05')
    expect(formatDuration(null)).toBe('—')
  })

  it('formats North American numbers as +1 415-555-0199 and leaves others alone', () => {
    expect(formatPhone('+14155550199')).toBe('+1 415-555-0199')
    expect(formatPhone('+12129200892')).toBe('+1 212-920-0892')
    expect(formatPhone('+442071838750')).toBe('+442071838750')
    expect(formatPhone('(212) 555-0100')).toBe('(212) 555-0100')
    expect(formatPhone(null)).toBe('—')
  })
})

describe('formatRelativeTime', () => {
  const now = new Date('2026-11-25T12:00:00Z')
  it.each([
    ['2026-11-25T11:59:40Z', 'just now'],
    ['2026-11-25T11:59:00Z', '1 minute ago'],
    ['2026-11-25T11:55:00Z', '5 minutes ago'],
    ['2026-11-25T11:00:30Z', '59 minutes ago'],
    ['2026-11-25T09:00:00Z', '3 hours ago'],
    ['2026-11-24T10:00:00Z', 'yesterday'],
    ['2026-11-11T12:00:00Z', '2 weeks ago'],
    ['2026-11-25T12:10:00Z', 'in 10 minutes'],
    [null, '—'],
    ['not a date', 'not a date'],
  ])('formats %s as %s', (input, expected) => {
    expect(formatRelativeTime(input, now)).toBe(expected)
  })
})

describe('formatShortDateTime', () => {
  const now = new Date('2026-12-06T12:00:00Z')
  it('leaves the year out for this year, in the given time zone', () => {
    expect(formatShortDateTime('2026-12-06T16:43:00Z', 'UTC', now)).toBe('Dec 6, 4:43 PM')
    expect(formatShortDateTime('2026-12-06T16:43:00Z', 'America/New_York', now)).toBe('Dec 6, 11:43 AM')
  })

  it('shows the year of another year, and a dash or the text for what is not a date', () => {
    expect(formatShortDateTime('2025-03-01T09:05:00Z', 'UTC', now)).toBe('Mar 1, 2025, 9:05 AM')
    expect(formatShortDateTime(null)).toBe('—')
    expect(formatShortDateTime('soon')).toBe('soon')
  })
})

describe('formatDateTimeWithZone', () => {
  it('shows seconds and the zone, never the sub-second digits the server sent', () => {
    expect(formatDateTimeWithZone('2026-11-25T15:00:07.123456789Z', 'UTC')).toBe('Nov 25, 2026, 3:00:07 PM UTC')
    expect(formatDateTimeWithZone('2026-11-25T15:00:07Z', 'America/New_York')).toBe('Nov 25, 2026, 10:00:07 AM EST')
  })
})

describe('pluralize', () => {
  it.each([
    [0, 'duplicate', '0 duplicates'],
    [1, 'duplicate', '1 duplicate'],
    [2, 'row', '2 rows'],
    [1200, 'number', '1,200 numbers'],
  ])('%s %s -> %s', (count, noun, expected) => {
    expect(pluralize(count, noun)).toBe(expected)
  })

  it('takes an irregular plural', () => {
    expect(pluralize(1, 'entry', 'entries')).toBe('1 entry')
    expect(pluralize(3, 'entry', 'entries')).toBe('3 entries')
  })
})

describe('formatDateRange', () => {
  it('shows UTC days, the exclusive midnight end as the day before', () => {
    expect(formatDateRange('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).toBe('Nov 1 – Nov 30, 2026')
    expect(formatDateRange('2026-11-06T21:09:17.111Z', '2026-12-06T21:09:17.111Z')).toBe('Nov 6 – Dec 6, 2026')
    expect(formatDateRange('2025-12-20T00:00:00Z', '2026-01-10T00:00:00Z')).toBe('Dec 20, 2025 – Jan 9, 2026')
    expect(formatDateRange('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toBe('Nov 1, 2026')
  })
})
