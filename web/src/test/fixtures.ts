/** API objects for tests, in the contract's shapes (docs/api/management.md). */
import type { Buyer, Campaign, CampaignSummary, CurrentUser, PhoneNumber, Pool } from '@/api/types'
import { emptySchedule } from '@/components/buyers/schedule'

const allWrite = {
  campaigns: 'write',
  buyers: 'write',
  numbers: 'write',
  flows: 'write',
  calls: 'write',
  reports: 'write',
  rtb: 'write',
  dni: 'write',
  integrations: 'write',
  members: 'write',
  apiKeys: 'write',
} as const satisfies CurrentUser['permissions']

/** The signed-in user of most tests: the account's owner, who may do everything. */
export const signedInUser = {
  id: 1,
  username: 'sumit',
  email: 'sumit@example.com',
  firstName: null,
  lastName: null,
  timeZone: 'UTC',
  accountId: 1,
  role: 'owner',
  permissions: allWrite,
} satisfies CurrentUser

/** An analyst: reads everything, changes nothing. */
export const analystUser = {
  ...signedInUser,
  id: 2,
  username: 'ana',
  email: 'ana@example.com',
  role: 'analyst',
  permissions: {
    campaigns: 'read',
    buyers: 'read',
    numbers: 'read',
    flows: 'read',
    calls: 'read',
    reports: 'read',
    rtb: 'read',
    dni: 'read',
    integrations: 'read',
    members: 'read',
    apiKeys: 'none',
  },
} satisfies CurrentUser

export function phoneNumber(overrides: Partial<PhoneNumber> = {}): PhoneNumber {
  return {
    id: 11,
    phoneNumber: '+12125550100',
    formattedNumber: '+1 (212) 555-0100',
    friendlyName: 'NYC search',
    country: 'US',
    type: 'local',
    status: 'active',
    campaignId: null,
    campaignName: null,
    poolId: null,
    poolName: null,
    webhookUrl: 'https://calls.example.com/webhooks/voice/11',
    statusCallbackUrl: 'https://calls.example.com/webhooks/status/11',
    totalCalls: 0,
    successRate: 0,
    createdAt: '2026-01-05T10:00:00Z',
    ...overrides,
  }
}

export function buyer(overrides: Partial<Buyer> = {}): Buyer {
  return {
    id: 7,
    name: 'Acme Insurance',
    company: 'Acme Corp',
    email: 'leads@acme.example',
    phone: '+12125550111',
    backupPhone: null,
    priority: 3,
    status: 'active',
    maxConcurrentCalls: 5,
    hourlyCap: null,
    dailyCallCap: 100,
    monthlyCap: null,
    timeZone: 'America/New_York',
    schedule: emptySchedule(),
    payout: '25.00',
    currentCalls: 1,
    successRate: 80,
    totalCalls: 10,
    revenue: '250.00',
    campaigns: [],
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-01-05T10:00:00Z',
    ...overrides,
  }
}

export function campaignSummary(overrides: Partial<CampaignSummary> = {}): CampaignSummary {
  return {
    id: 'c-1',
    name: 'Spring Promo',
    type: 'direct',
    status: 'active',
    phoneNumber: '+12125550100',
    buyersCount: 2,
    callsCount: 42,
    successRate: 75,
    revenue: '1234.50',
    createdAt: '2026-01-05T10:00:00Z',
    ...overrides,
  }
}

export function campaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: 'c-1',
    name: 'Spring Promo',
    description: null,
    type: 'direct',
    routingType: 'direct',
    status: 'draft',
    poolId: null,
    poolName: null,
    poolStrategy: 'round_robin',
    callRoutingStrategy: 'priority',
    maxConcurrentCalls: null,
    callCap: null,
    hourlyCap: null,
    monthlyCap: null,
    callTimeout: 30,
    timeZone: 'UTC',
    duplicateCallerWindowSecs: 0,
    duplicateCallerAction: 'route_unpaid',
    minDurationSecs: 60,
    fallbackNumber: null,
    fallbackMessage: null,
    recordingEnabled: true,
    transcriptionEnabled: false,
    webhookUrl: null,
    trackingPixelUrl: null,
    rtb: { auctionTimeoutMs: 3000, minBid: '0.00', currency: 'USD', fallback: 'buyers' },
    phoneNumbers: [],
    buyers: [],
    buyersCount: 0,
    callsCount: 0,
    successRate: 0,
    revenue: '0.00',
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-01-05T10:00:00Z',
    ...overrides,
  }
}

export function pool(overrides: Partial<Pool> = {}): Pool {
  return {
    id: 3,
    name: 'East Coast',
    description: 'Local numbers for the east',
    country: 'US',
    status: 'active',
    totalNumbers: 10,
    availableNumbers: 6,
    assignedNumbers: 4,
    usageRate: 40,
    createdAt: '2026-01-05T10:00:00Z',
    ...overrides,
  }
}
