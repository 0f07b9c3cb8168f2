import { describe, expect, it } from 'vitest'
import { reportRow } from '@/test/reportFixtures'
import { dimensionNoun, dimensionValueLabel, formatMetric, rowLabel, scheduleSummary, specSummary } from './reportFormat'
import { emptySpec } from '@/api/reports'

describe('report formatting', () => {
  it.each([
    ['calls', 1234, '1,234'],
    ['revenue', '1250.5', '$1,250.50'],
    ['profit', '-3.10', '-$3.10'],
    ['rpc', '10.416', '$10.42'],
    ['conversionRate', 33.3, '33.3%'],
    ['averageDuration', 125, '2:05'],
    ['revenue', null, '—'],
  ] as const)('shows %s %s as %s', (metric, value, expected) => {
    expect(formatMetric(metric, value)).toBe(expected)
  })

  it('names days, hours and other dimension values', () => {
    const row = reportRow(['2026-11-05', '9', 'c-1'], ['2026-11-05', '9', 'Auto Insurance'], {})
    expect(dimensionValueLabel('day', row, 0)).toBe('Nov 5')
    expect(dimensionValueLabel('hour', row, 1)).toBe('09:00')
    expect(dimensionValueLabel('campaign', row, 2)).toBe('Auto Insurance')
    expect(rowLabel(['day', 'hour'], row)).toBe('Nov 5 · 09:00')
    expect(rowLabel([], reportRow([], [], {}))).toBe('All calls')
    expect(dimensionValueLabel('buyer', reportRow([null], [''], {}), 0)).toBe('—')
    expect(rowLabel(['medium', 'utmCampaign'], reportRow([null, 'spring'], ['No medium', 'spring'], {}))).toBe('No medium · spring')
    expect(rowLabel(['term', 'content'], reportRow([null, null], ['No term', 'No content'], {}))).toBe('No term · No content')
    expect(rowLabel(['parameter', 'campaign'], reportRow([null, 'c-1'], ['Not set', 'Auto Insurance'], {}))).toBe('Not set · Auto Insurance')
  })

  it('summarises schedules and specs', () => {
    expect(scheduleSummary({ frequency: 'weekly', weekday: 3, hour: 6 })).toBe('Weekly on Wednesday at 06:00')
    expect(scheduleSummary({ frequency: 'daily', weekday: 1, hour: 18 })).toBe('Daily at 18:00')
    expect(scheduleSummary({ frequency: 'none', weekday: 1, hour: 8 })).toBe('Not scheduled')
    expect(specSummary(emptySpec({ dimensions: ['campaign', 'day'], metrics: ['calls', 'rpc'], range: 'custom', from: '2026-01-01', to: '2026-01-31' }))).toBe(
      'Calls, Revenue per call by campaign and day · 2026-01-01 to 2026-01-31',
    )
    expect(specSummary(emptySpec({ dimensions: ['medium', 'utmCampaign'] }))).toBe('Calls by medium (utm_medium) and ad campaign (utm_campaign) · Last 30 days')
    expect(specSummary(emptySpec({ dimensions: ['term', 'content'] }))).toBe('Calls by term (utm_term) and content (utm_content) · Last 30 days')
  })

  it('names the URL parameter dimension in sentences, with the parameter when known', () => {
    expect(dimensionNoun('parameter')).toBe('URL parameter')
    expect(dimensionNoun('state')).toBe('caller state')
    expect(specSummary(emptySpec({ dimensions: ['parameter', 'day'], parameter: 'affiliate', range: 'today' }))).toBe('Calls by URL parameter affiliate and day · Today')
  })
})
