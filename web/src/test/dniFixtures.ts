/** DNI API objects for tests, in openapi.json's shapes. */
import type { DniSession, DniSourceRow, DniTag, DniUsage } from '@/api/types'

export function dniTag(overrides: Partial<DniTag> = {}): DniTag {
  return {
    id: 5,
    tagCode: 'spring_lp',
    name: 'Spring landing page',
    description: null,
    campaignId: 'c-1',
    campaignName: 'Spring Promo',
    status: 'active',
    numberSource: 'pool',
    poolId: 3,
    poolName: 'East Coast',
    staticNumberId: null,
    staticNumber: null,
    fallbackNumber: '+18005550199',
    sessionMinutes: 30,
    attributionWindow: 30,
    selectors: '.phone-number, [data-dni="phone"]',
    swapNumbers: ['+18005550000'],
    displayFormat: 'national',
    visitors: 'all',
    sourceRules: [],
    allowedDomains: [],
    consentMode: false,
    attributionModel: 'last_touch',
    halfLifeDays: 7,
    jsCode: '<script async src="https://app.example.test/dni.js?v=abc123" data-tag="spring_lp"></script>',
    lastSeenUrl: null,
    lastSeenAt: null,
    sessionsToday: 12,
    callsToday: 3,
    numbersInUse: 3,
    poolSize: 10,
    exhaustedCount: 0,
    lastExhaustedAt: null,
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
    ...overrides,
  }
}

export function dniSession(overrides: Partial<DniSession> = {}): DniSession {
  return {
    id: 1,
    sessionId: 's_1',
    visitorId: 'v_1',
    phoneNumber: '+12125550101',
    live: true,
    utmSource: 'google',
    utmMedium: 'cpc',
    utmCampaign: 'spring',
    utmTerm: null,
    utmContent: null,
    gclid: null,
    fbclid: null,
    msclkid: null,
    landingPage: 'https://www.example.com/offer?utm_source=google',
    referrer: 'https://www.google.com/',
    pageViews: 3,
    firstVisit: '2026-12-07T09:00:00Z',
    lastVisit: '2026-12-07T09:10:00Z',
    leasedAt: '2026-12-07T09:00:00Z',
    leaseUntil: '2026-12-07T09:40:00Z',
    address: '203.0.113.0/24',
    ...overrides,
  }
}

/** A week of usage in 96 slices: `peaks` at the start, the rest 0. */
export function dniUsage(overrides: Partial<DniUsage> = {}, peaks: number[] = [1, 3, 7, 4, 2]): DniUsage {
  const from = Date.parse('2026-12-01T00:00:00Z')
  const width = (7 * 86_400_000) / 96
  return {
    from: '2026-12-01T00:00:00Z',
    to: '2026-12-08T00:00:00Z',
    buckets: Array.from({ length: 96 }, (_, i) => ({ at: new Date(from + i * width).toISOString(), peak: peaks[i] ?? 0 })),
    poolSize: 5,
    p95: 7,
    recommendedPoolSize: 9,
    exhaustedCount: 0,
    ...overrides,
  }
}

export function dniSource(overrides: Partial<DniSourceRow> = {}): DniSourceRow {
  return {
    source: 'google',
    medium: 'cpc',
    sessions: 120,
    calls: 8,
    conversions: 3,
    conversionRate: 37.5,
    revenue: '1250.00',
    cost: '12.5',
    costPerCall: '1.5625',
    ...overrides,
  }
}
