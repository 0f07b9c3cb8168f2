import { describe, expect, it } from 'vitest'
import { emptySpec, type ReportSpec } from '@/api/reports'
import { reportFieldFor, reportFormSchema, specToValues, valuesToSpec } from './reportForm'

const full: ReportSpec = {
  dimensions: ['rtbTarget', 'hour'],
  metrics: ['profit', 'calls', 'averageDuration'],
  range: 'custom',
  from: '2026-01-01',
  to: '2026-12-31',
  parameter: null,
  filters: { campaignId: 'c-9', buyerId: 12, status: 'no-answer', callerState: 'NY', rtbTargetId: 4, source: 'bing', medium: 'cpc', utmCampaign: 'spring-sale', utmTerm: 'car insurance', utmContent: 'banner-a', param: 'affiliate:A:1' },
  chartType: 'pie',
}

describe('report builder values', () => {
  it('turn a spec into form values and back unchanged', () => {
    for (const spec of [full, emptySpec(), emptySpec({ dimensions: ['day'], range: 'yesterday', chartType: 'table' }), emptySpec({ dimensions: ['medium', 'utmCampaign'] }), emptySpec({ dimensions: ['term', 'content'] }), emptySpec({ dimensions: ['day', 'parameter'], parameter: 'Affiliate' })]) {
      const values = specToValues(spec)
      expect(reportFormSchema.safeParse(values).success).toBe(true)
      expect(valuesToSpec(values)).toEqual(spec)
    }
  })

  it('send no dates for a named range and null for unset filters', () => {
    const values = { ...specToValues(full), range: 'last7' as const, campaignId: 'all', buyerId: 'all', rtbTargetId: 'all', status: 'all', callerState: ' ', source: '', medium: '  ', utmCampaign: '', utmTerm: ' ', utmContent: '', paramName: 'none' }
    expect(valuesToSpec(values)).toMatchObject({
      range: 'last7',
      from: null,
      to: null,
      filters: { campaignId: null, buyerId: null, status: null, callerState: null, rtbTargetId: null, source: null, medium: null, utmCampaign: null, utmTerm: null, utmContent: null, param: null },
    })
  })

  it('send the URL parameter grouped by and the parameter filter as name:value', () => {
    const values = { ...specToValues(emptySpec()), dimension1: 'parameter' as const, dimension2: 'campaign' as const, parameter: 'affiliate', paramName: 'sub_id', paramValue: ' 42 ' }
    expect(reportFormSchema.safeParse(values).success).toBe(true)
    expect(valuesToSpec(values)).toMatchObject({ dimensions: ['parameter', 'campaign'], parameter: 'affiliate', filters: { param: 'sub_id:42' } })
    // The parameter goes only with its dimension; the filter only with a parameter named.
    expect(valuesToSpec({ ...values, dimension1: 'day' })).toMatchObject({ dimensions: ['day', 'campaign'], parameter: null })
    expect(valuesToSpec({ ...values, paramName: 'none', paramValue: '42' }).filters.param).toBeNull()
  })

  it('load a saved spec with a parameter dimension and filter back into the form', () => {
    const spec = emptySpec({ dimensions: ['campaign', 'parameter'], parameter: 'AFFILIATE', filters: { ...emptySpec().filters, param: 'sub_id:a:b' } })
    expect(specToValues(spec)).toMatchObject({ dimension1: 'campaign', dimension2: 'parameter', parameter: 'AFFILIATE', paramName: 'sub_id', paramValue: 'a:b' })
    expect(specToValues(emptySpec())).toMatchObject({ parameter: '', paramName: 'none', paramValue: '' })
  })

  it('ask for the parameter to group by and the value to filter on', () => {
    const issues = (patch: Partial<ReturnType<typeof specToValues>>) => {
      const result = reportFormSchema.safeParse({ ...specToValues(emptySpec()), ...patch })
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    }
    expect(issues({ dimension1: 'day', dimension2: 'parameter', parameter: ' ' })).toEqual(['parameter: Choose the URL parameter to group by'])
    expect(issues({ paramName: 'affiliate', paramValue: '  ' })).toEqual(['paramValue: Enter the value to match'])
    expect(issues({ paramName: 'affiliate', paramValue: 'x'.repeat(201) })).toEqual(['paramValue: At most 200 characters'])
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
    ['parameter', 'parameter'],
    ['spec.parameter', 'parameter'],
    ['filters.param', 'paramValue'],
    ['to', 'to'],
    ['name', undefined],
  ])('map the server field %s to %s', (apiField, formField) => {
    expect(reportFieldFor(apiField)).toBe(formField)
  })
})
