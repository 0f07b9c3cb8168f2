import { describe, expect, it } from 'vitest'
import { filenameFromDisposition } from './download'

describe('filenameFromDisposition', () => {
  it.each([
    ['attachment; filename="report-2026-11-25.csv"', 'report-2026-11-25.csv'],
    ['attachment; filename=report.xlsx', 'report.xlsx'],
    [`attachment; filename="report.pdf"; filename*=UTF-8''Rapport%20%C3%A9t%C3%A9.pdf`, 'Rapport été.pdf'],
    ['attachment; filename="a \\"quoted\\" name.csv"', 'a "quoted" name.csv'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment', 'fallback.csv'],
    [null, 'fallback.csv'],
  ])('reads %s as %s', (header, expected) => {
    expect(filenameFromDisposition(header, 'fallback.csv')).toBe(expected)
  })
})
