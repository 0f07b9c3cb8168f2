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
      filters: { campaignId: null, buyerId: 7, status: null, callerState: null, rtbTargetId: null, source: null, medium: null, utmCampaign: null, utmTerm: null, utmContent: null },
      chartType: 'bar',
    })
    expect(report.schedule).toEqual({ frequency: 'none', weekday: 1, hour: 8, recipients: [] })
    expect(report.name).toBe('Bare')
  })
})
