import { describe, expect, it } from 'vitest'
import { normalizeReport } from './reports'

describe('normalizeReport', () => {
  it('fills in what the server leaves out of a saved spec and schedule', () => {
    const report = normalizeReport({
      id: 3,
      name: 'Bare',
      spec: { metrics: ['calls'], filters: { buyerId: 7 } },
      schedule: {},
      createdAt: '2026-11-20T10:00:00Z',
      updatedAt: '2026-11-20T10:00:00Z',
    })
    expect(report.spec).toEqual({
      dimensions: [],
      metrics: ['calls'],
      range: 'last30',
      from: null,
      to: null,
      parameter: null,
      filters: { campaignId: null, buyerId: 7, status: null, callerState: null, rtbTargetId: null, source: null, medium: null, utmCampaign: null, utmTerm: null, utmContent: null, param: null },
      chartType: 'bar',
    })
    expect(report.schedule).toEqual({ frequency: 'none', weekday: 1, hour: 8, recipients: [] })
    expect(report.name).toBe('Bare')
  })

  it('keeps a saved spec’s URL parameter and parameter filter', () => {
    const report = normalizeReport({
      id: 4,
      name: 'By affiliate',
      spec: { metrics: ['calls'], dimensions: ['parameter'], parameter: 'affiliate', filters: { param: 'sub_id:42' } },
      schedule: {},
      createdAt: '2026-11-20T10:00:00Z',
      updatedAt: '2026-11-20T10:00:00Z',
    })
    expect(report.spec).toMatchObject({ dimensions: ['parameter'], parameter: 'affiliate', filters: { param: 'sub_id:42', buyerId: null } })
  })
})
