import { describe, expect, it } from 'vitest'
import { emptySpec, type ReportSpec } from '@/api/reports'
import { reportFieldFor, reportFormSchema, specToValues, valuesToSpec } from './reportForm'

const full: ReportSpec = {
  dimensions: ['rtbTarget', 'hour'],
  metrics: ['profit', 'calls', 'averageDuration'],
  range: 'custom',
  from: '2026-01-01',
  to: '2026-12-31',
  filters: { campaignId: 'c-9', buyerId: 12, status: 'no-answer', callerState: 'NY', rtbTargetId: 4, source: 'bing', medium: 'cpc', utmCampaign: 'spring-sale', utmTerm: 'car insurance', utmContent: 'banner-a' },
  chartType: 'pie',
}

describe('report builder values', () => {
  it('turn a spec into form values and back unchanged', () => {
    for (const spec of [full, emptySpec(), emptySpec({ dimensions: ['day'], range: 'yesterday', chartType: 'table' }), emptySpec({ dimensions: ['medium', 'utmCampaign'] }), emptySpec({ dimensions: ['term', 'content'] })]) {
      const values = specToValues(spec)
      expect(reportFormSchema.safeParse(values).success).toBe(true)
      expect(valuesToSpec(values)).toEqual(spec)
    }
  })

  it('send no dates for a named range and null for unset filters', () => {
    const values = { ...specToValues(full), range: 'last7' as const, campaignId: 'all', buyerId: 'all', rtbTargetId: 'all', status: 'all', callerState: ' ', source: '', medium: '  ', utmCampaign: '', utmTerm: ' ', utmContent: '' }
    expect(valuesToSpec(values)).toMatchObject({
      range: 'last7',
      from: null,
      to: null,
      filters: { campaignId: null, buyerId: null, status: null, callerState: null, rtbTargetId: null, source: null, medium: null, utmCampaign: null, utmTerm: null, utmContent: null },
    })
  })

  it('send the medium and ad campaign filters trimmed, exact otherwise', () => {
    const values = { ...specToValues(emptySpec()), dimension1: 'medium' as const, dimension2: 'utmCampaign' as const, medium: ' cpc ', utmCampaign: 'Spring Sale' }
    expect(reportFormSchema.safeParse(values).success).toBe(true)
    expect(valuesToSpec(values)).toMatchObject({ dimensions: ['medium', 'utmCampaign'], filters: { medium: 'cpc', utmCampaign: 'Spring Sale', source: null } })
    const long = reportFormSchema.safeParse({ ...values, utmCampaign: 'x'.repeat(201) })
    expect(long.success ? [] : long.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['utmCampaign: At most 200 characters'])
  })

  it('send the term and content filters trimmed, exact otherwise', () => {
    const values = { ...specToValues(emptySpec()), dimension1: 'term' as const, dimension2: 'content' as const, utmTerm: ' Car Insurance ', utmContent: 'banner-a' }
    expect(reportFormSchema.safeParse(values).success).toBe(true)
    expect(valuesToSpec(values)).toMatchObject({
      dimensions: ['term', 'content'],
      filters: { utmTerm: 'Car Insurance', utmContent: 'banner-a', medium: null, utmCampaign: null },
    })
    const long = reportFormSchema.safeParse({ ...values, utmTerm: 'x'.repeat(201), utmContent: 'y'.repeat(201) })
    expect(long.success ? [] : long.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'utmTerm: At most 200 characters',
      'utmContent: At most 200 characters',
    ])
  })

  it('refuse a second dimension without a first, the same one twice, and an over-long custom range', () => {
    const issues = (patch: Partial<ReturnType<typeof specToValues>>) => {
      const result = reportFormSchema.safeParse({ ...specToValues(full), ...patch })
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    }
    expect(issues({ dimension1: 'none', dimension2: 'day' })).toEqual(['dimension1: Choose the first dimension before a second one'])
    expect(issues({ dimension1: 'day', dimension2: 'day' })).toEqual(['dimension2: Choose a different dimension'])
    expect(issues({ from: '2026-01-01', to: '2027-01-02' })).toEqual(['to: At most 366 days'])
    expect(issues({ from: '2026-01-01', to: '2027-01-01' })).toEqual([])
    expect(issues({ from: '2024-01-01', to: '2024-12-31' })).toEqual([])
    expect(issues({ from: '', to: '' })).toEqual(['from: Choose the first day', 'to: Choose the last day'])
  })

  it.each([
    ['metrics', 'metrics'],
    ['metrics[1]', 'metrics'],
    ['dimensions', 'dimension1'],
    ['dimensions[1]', 'dimension2'],
    ['spec.range', 'range'],
    ['spec.filters.rtbTargetId', 'rtbTargetId'],
    ['filters.callerState', 'callerState'],
    ['filters.medium', 'medium'],
    ['spec.filters.utmCampaign', 'utmCampaign'],
    ['filters.utmTerm', 'utmTerm'],
    ['spec.filters.utmContent', 'utmContent'],
    ['to', 'to'],
    ['name', undefined],
  ])('map the server field %s to %s', (apiField, formField) => {
    expect(reportFieldFor(apiField)).toBe(formField)
  })
})
