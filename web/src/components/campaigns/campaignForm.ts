/**
 * The campaign wizard's form: its schema (the four steps share one form), defaults, the
 * conversions to and from the API's shapes, and which step holds which field.
 * Number fields are strings in the form ('' = not set) and numbers or null in the API.
 */
import type { Path } from 'react-hook-form'
import { z } from 'zod'
import type { Campaign, CampaignBuyerInput, CampaignInput } from '@/api/types'
import { phoneForInput } from '@/lib/format'
import { oneOf } from '@/lib/labels'
import { normalizeApiField } from '@/lib/serverErrors'
import { browserTimeZone } from '@/lib/timeZones'

const isWhole = (v: string) => /^\d+$/.test(v)

/** '' (no limit) or a whole number ≥ 1. */
const optionalLimit = z
  .string()
  .trim()
  .refine((v) => v === '' || (isWhole(v) && Number(v) >= 1), 'Enter a whole number of 1 or more, or leave empty for no limit')

function wholeNumber(min: number, max: number, message = `Enter a whole number from ${min} to ${max}`) {
  return z
    .string()
    .trim()
    .refine((v) => isWhole(v) && Number(v) >= min && Number(v) <= max, message)
}

const optionalUrl = z
  .string()
  .trim()
  .refine((v) => v === '' || /^https?:\/\/\S+$/i.test(v), 'Enter a full URL starting with https:// (or leave empty)')

/** hourly ≤ daily ≤ monthly where set; reports on the smaller cap. */
function checkCapOrder(
  caps: { hourly: string; daily: string; monthly: string },
  paths: { hourly: (string | number)[]; daily: (string | number)[] },
  ctx: z.RefinementCtx,
) {
  const n = (v: string) => (isWhole(v.trim()) ? Number(v.trim()) : undefined)
  const [h, d, m] = [n(caps.hourly), n(caps.daily), n(caps.monthly)]
  if (h !== undefined && d !== undefined && h > d) {
    ctx.addIssue({ code: 'custom', path: paths.hourly, message: 'Must not exceed the daily cap' })
  } else if (h !== undefined && d === undefined && m !== undefined && h > m) {
    ctx.addIssue({ code: 'custom', path: paths.hourly, message: 'Must not exceed the monthly cap' })
  }
  if (d !== undefined && m !== undefined && d > m) {
    ctx.addIssue({ code: 'custom', path: paths.daily, message: 'Must not exceed the monthly cap' })
  }
}

export const campaignBuyerSchema = z.object({
  buyerId: z.number(),
  buyerName: z.string(),
  priority: wholeNumber(1, 10, 'Priority is 1 to 10'),
  weight: wholeNumber(1, 100, 'Weight is 1 to 100'),
  maxConcurrentCalls: optionalLimit,
  hourlyCap: optionalLimit,
  dailyCap: optionalLimit,
  monthlyCap: optionalLimit,
  status: z.enum(['active', 'paused']),
})

/** An RTB target that bids on the campaign (PUT /api/rtb/campaigns/:id/targets). */
export const campaignRtbTargetSchema = z.object({
  rtbTargetId: z.number(),
  name: z.string(),
  priority: z.number().int().min(1).max(10),
  enabled: z.boolean(),
})

export const campaignFormSchema = z
  .object({
    // Step 1
    name: z.string().trim().min(1, 'Enter a campaign name').max(200, 'At most 200 characters'),
    description: z.string().max(2000, 'At most 2000 characters'),
    type: z.enum(['direct', 'pool', 'rtb']),
    status: z.enum(['draft', 'active', 'paused', 'completed']),
    // Step 2
    phoneNumberIds: z.array(z.number()),
    /** Where an RTB campaign's tracking numbers come from: picked one by one, or a number pool. */
    rtbNumberSource: z.enum(['numbers', 'pool']),
    poolId: z.string(),
    poolStrategy: z.enum(['round_robin', 'priority']),
    allocateCount: z.string().trim().refine((v) => v === '' || isWhole(v), 'Enter a whole number'),
    rtbAuctionTimeoutMs: wholeNumber(100, 30000, 'Enter a timeout from 100 to 30000 ms'),
    rtbMinBid: z
      .string()
      .trim()
      .regex(/^\d+(\.\d{1,4})?$/, 'Enter an amount such as 2.50'),
    rtbCurrency: z.string().regex(/^[A-Z]{3}$/, 'Choose a currency'),
    rtbFallback: z.enum(['buyers', 'number', 'message']),
    /** The RTB targets that bid on an RTB campaign (saved after the campaign). */
    rtbTargets: z.array(campaignRtbTargetSchema),
    // Step 3
    buyers: z.array(campaignBuyerSchema),
    // Step 4
    callRoutingStrategy: z.enum(['priority', 'round_robin', 'weighted']),
    maxConcurrentCalls: optionalLimit,
    hourlyCap: optionalLimit,
    callCap: optionalLimit,
    monthlyCap: optionalLimit,
    callTimeout: wholeNumber(5, 120, 'Enter 5 to 120 seconds'),
    timeZone: z.string().min(1, 'Choose a time zone'),
    duplicateCallerWindowSecs: wholeNumber(0, 2_592_000, 'Enter 0 to 2592000 seconds (30 days)'),
    duplicateCallerAction: z.enum(['route_unpaid', 'reject']),
    minDurationSecs: wholeNumber(0, 86_400, 'Enter 0 to 86400 seconds'),
    fallbackNumber: z.string().trim().max(40, 'At most 40 characters'),
    fallbackMessage: z.string().max(1000, 'At most 1000 characters'),
    recordingEnabled: z.boolean(),
    transcriptionEnabled: z.boolean(),
    webhookUrl: optionalUrl,
    trackingPixelUrl: optionalUrl,
  })
  .superRefine((v, ctx) => {
    if (usesPool(v) && v.poolId === '') {
      ctx.addIssue({ code: 'custom', path: ['poolId'], message: 'Choose the pool this campaign takes numbers from' })
    }
    if (v.type === 'rtb' && v.rtbFallback === 'number' && v.fallbackNumber.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['fallbackNumber'], message: 'Enter the number RTB falls back to' })
    }
    checkCapOrder(
      { hourly: v.hourlyCap, daily: v.callCap, monthly: v.monthlyCap },
      { hourly: ['hourlyCap'], daily: ['callCap'] },
      ctx,
    )
    v.buyers.forEach((b, i) =>
      checkCapOrder(
        { hourly: b.hourlyCap, daily: b.dailyCap, monthly: b.monthlyCap },
        { hourly: ['buyers', i, 'hourlyCap'], daily: ['buyers', i, 'dailyCap'] },
        ctx,
      ),
    )
  })

export type CampaignFormValues = z.infer<typeof campaignFormSchema>

/** Whether the campaign's numbers come from a pool: a pool campaign, or an RTB one set to use a pool. */
export function usesPool(v: Pick<CampaignFormValues, 'type' | 'rtbNumberSource'>): boolean {
  return v.type === 'pool' || (v.type === 'rtb' && v.rtbNumberSource === 'pool')
}
export type CampaignBuyerRow = z.infer<typeof campaignBuyerSchema>
export type CampaignRtbTargetRow = z.infer<typeof campaignRtbTargetSchema>
export type CampaignField = Path<CampaignFormValues>

export function defaultCampaignValues(): CampaignFormValues {
  return {
    name: '',
    description: '',
    type: 'direct',
    status: 'draft',
    phoneNumberIds: [],
    rtbNumberSource: 'numbers',
    poolId: '',
    poolStrategy: 'round_robin',
    allocateCount: '1',
    rtbAuctionTimeoutMs: '3000',
    rtbMinBid: '0.00',
    rtbCurrency: 'USD',
    rtbFallback: 'buyers',
    rtbTargets: [],
    buyers: [],
    callRoutingStrategy: 'priority',
    maxConcurrentCalls: '',
    hourlyCap: '',
    callCap: '',
    monthlyCap: '',
    callTimeout: '30',
    timeZone: browserTimeZone(),
    duplicateCallerWindowSecs: '0',
    duplicateCallerAction: 'route_unpaid',
    minDurationSecs: '60',
    fallbackNumber: '',
    fallbackMessage: '',
    recordingEnabled: true,
    transcriptionEnabled: false,
    webhookUrl: '',
    trackingPixelUrl: '',
  }
}

const str = (n: number | null | undefined) => (n == null ? '' : String(n))
const num = (s: string) => (s.trim() === '' ? null : Number(s.trim()))
const text = (s: string) => (s.trim() === '' ? null : s.trim())

export function newBuyerRow(buyerId: number, buyerName: string, priority = 5): CampaignBuyerRow {
  return {
    buyerId,
    buyerName,
    priority: String(Math.min(10, Math.max(1, priority))),
    weight: '1',
    maxConcurrentCalls: '',
    hourlyCap: '',
    dailyCap: '',
    monthlyCap: '',
    status: 'active',
  }
}

/** The form's values for an existing campaign (and, for an RTB campaign, its RTB targets). */
export function campaignToValues(c: Campaign, rtbTargets: readonly CampaignRtbTargetRow[] = []): CampaignFormValues {
  const defaults = defaultCampaignValues()
  const poolNumbers = c.phoneNumbers.filter((n) => n.poolId != null).length
  // An RTB campaign with a pool takes its numbers from it; only those count as allocated.
  const rtbFromPool = c.type === 'rtb' && c.poolId != null
  const rtbPoolNumbers = c.phoneNumbers.filter((n) => n.poolId === c.poolId).length
  return {
    ...defaults,
    name: c.name,
    description: c.description ?? '',
    type: oneOf(c.type || c.routingType, ['direct', 'pool', 'rtb'], 'direct'),
    status: oneOf(c.status, ['draft', 'active', 'paused', 'completed'], 'draft'),
    phoneNumberIds: c.type === 'direct' || (c.type === 'rtb' && !rtbFromPool) ? c.phoneNumbers.map((n) => n.id) : [],
    rtbNumberSource: rtbFromPool ? 'pool' : 'numbers',
    poolId: c.poolId == null ? '' : String(c.poolId),
    poolStrategy: oneOf(c.poolStrategy, ['round_robin', 'priority'], defaults.poolStrategy),
    allocateCount: String(c.type === 'pool' ? poolNumbers : rtbFromPool ? rtbPoolNumbers : Number(defaults.allocateCount)),
    rtbAuctionTimeoutMs: str(c.rtb?.auctionTimeoutMs) || defaults.rtbAuctionTimeoutMs,
    rtbMinBid: c.rtb?.minBid ?? defaults.rtbMinBid,
    rtbCurrency: c.rtb?.currency ?? defaults.rtbCurrency,
    rtbFallback: oneOf(c.rtb?.fallback, ['buyers', 'number', 'message'], defaults.rtbFallback),
    rtbTargets: rtbTargets.map(({ rtbTargetId, name, priority, enabled }) => ({ rtbTargetId, name, priority, enabled })),
    buyers: c.buyers.map((b) => ({
      buyerId: b.buyerId,
      buyerName: b.buyerName,
      priority: String(b.priority),
      weight: String(b.weight),
      maxConcurrentCalls: str(b.maxConcurrentCalls),
      hourlyCap: str(b.hourlyCap),
      dailyCap: str(b.dailyCap),
      monthlyCap: str(b.monthlyCap),
      status: oneOf(b.status, ['active', 'paused'], 'active'),
    })),
    callRoutingStrategy: oneOf(c.callRoutingStrategy, ['priority', 'round_robin', 'weighted'], defaults.callRoutingStrategy),
    maxConcurrentCalls: str(c.maxConcurrentCalls),
    hourlyCap: str(c.hourlyCap),
    callCap: str(c.callCap),
    monthlyCap: str(c.monthlyCap),
    callTimeout: String(c.callTimeout),
    timeZone: c.timeZone,
    duplicateCallerWindowSecs: String(c.duplicateCallerWindowSecs),
    duplicateCallerAction: oneOf(c.duplicateCallerAction, ['route_unpaid', 'reject'], defaults.duplicateCallerAction),
    minDurationSecs: String(c.minDurationSecs),
    fallbackNumber: phoneForInput(c.fallbackNumber),
    fallbackMessage: c.fallbackMessage ?? '',
    recordingEnabled: c.recordingEnabled,
    transcriptionEnabled: c.transcriptionEnabled,
    webhookUrl: c.webhookUrl ?? '',
    trackingPixelUrl: c.trackingPixelUrl ?? '',
  }
}

/** The body of POST/PUT /api/campaigns. */
export function valuesToCampaignInput(v: CampaignFormValues): CampaignInput {
  return {
    name: v.name.trim(),
    description: text(v.description),
    type: v.type,
    status: v.status,
    poolId: usesPool(v) && v.poolId !== '' ? Number(v.poolId) : null,
    poolStrategy: v.poolStrategy,
    callRoutingStrategy: v.callRoutingStrategy,
    maxConcurrentCalls: num(v.maxConcurrentCalls),
    hourlyCap: num(v.hourlyCap),
    callCap: num(v.callCap),
    monthlyCap: num(v.monthlyCap),
    callTimeout: Number(v.callTimeout),
    timeZone: v.timeZone,
    duplicateCallerWindowSecs: Number(v.duplicateCallerWindowSecs),
    duplicateCallerAction: v.duplicateCallerAction,
    minDurationSecs: Number(v.minDurationSecs),
    fallbackNumber: text(v.fallbackNumber),
    fallbackMessage: text(v.fallbackMessage),
    recordingEnabled: v.recordingEnabled,
    transcriptionEnabled: v.transcriptionEnabled,
    webhookUrl: text(v.webhookUrl),
    trackingPixelUrl: text(v.trackingPixelUrl),
    rtb: {
      auctionTimeoutMs: Number(v.rtbAuctionTimeoutMs),
      minBid: v.rtbMinBid.trim(),
      currency: v.rtbCurrency,
      fallback: v.rtbFallback,
    },
  }
}

/** The body of PUT /api/campaigns/:id/buyers. */
export function valuesToBuyerInputs(v: CampaignFormValues): CampaignBuyerInput[] {
  return v.buyers.map((b) => ({
    buyerId: b.buyerId,
    priority: Number(b.priority),
    weight: Number(b.weight),
    maxConcurrentCalls: num(b.maxConcurrentCalls),
    hourlyCap: num(b.hourlyCap),
    dailyCap: num(b.dailyCap),
    monthlyCap: num(b.monthlyCap),
    status: b.status,
  }))
}

/** The body of PUT /api/rtb/campaigns/:id/targets. */
export function valuesToRtbTargetInputs(v: CampaignFormValues) {
  return v.rtbTargets.map(({ rtbTargetId, priority, enabled }) => ({ rtbTargetId, priority, enabled }))
}

// ---- Steps ---------------------------------------------------------------------------------

export interface WizardStep {
  id: 'basics' | 'numbers' | 'buyers' | 'advanced'
  title: string
  description: string
  /** Top-level form fields shown on this step (validated before moving on). */
  fields: readonly (keyof CampaignFormValues)[]
}

export const WIZARD_STEPS: readonly WizardStep[] = [
  {
    id: 'basics',
    title: 'Basic info',
    description: 'Name, type and status',
    fields: ['name', 'description', 'type', 'status'],
  },
  {
    id: 'numbers',
    title: 'Numbers',
    description: 'Tracking numbers or auction',
    fields: [
      'phoneNumberIds',
      'rtbNumberSource',
      'poolId',
      'poolStrategy',
      'allocateCount',
      'rtbAuctionTimeoutMs',
      'rtbMinBid',
      'rtbCurrency',
      'rtbFallback',
      'rtbTargets',
    ],
  },
  { id: 'buyers', title: 'Buyers', description: 'Who receives the calls', fields: ['buyers'] },
  {
    id: 'advanced',
    title: 'Advanced',
    description: 'Routing, caps and tracking',
    fields: [
      'callRoutingStrategy',
      'maxConcurrentCalls',
      'hourlyCap',
      'callCap',
      'monthlyCap',
      'callTimeout',
      'timeZone',
      'duplicateCallerWindowSecs',
      'duplicateCallerAction',
      'minDurationSecs',
      'fallbackNumber',
      'fallbackMessage',
      'recordingEnabled',
      'transcriptionEnabled',
      'webhookUrl',
      'trackingPixelUrl',
    ],
  },
]

/** Index of the step that shows `field` (a form path such as `buyers.0.weight`). */
export function stepOfField(field: string): number {
  const head = field.split('.')[0]
  const index = WIZARD_STEPS.findIndex((step) => (step.fields as readonly string[]).includes(head ?? ''))
  return index === -1 ? 0 : index
}

/** API field names (as the server spells them) that differ from the form's. */
export const campaignFieldMap: Partial<Record<string, CampaignField>> = {
  routingType: 'type',
  phoneNumbers: 'phoneNumberIds',
  phoneNumber: 'phoneNumberIds',
  phoneNumberId: 'phoneNumberIds',
  count: 'allocateCount',
  'rtb.auctionTimeoutMs': 'rtbAuctionTimeoutMs',
  auctionTimeoutMs: 'rtbAuctionTimeoutMs',
  'rtb.minBid': 'rtbMinBid',
  minBid: 'rtbMinBid',
  'rtb.currency': 'rtbCurrency',
  currency: 'rtbCurrency',
  'rtb.fallback': 'rtbFallback',
  fallback: 'rtbFallback',
  rtbTargets: 'rtbTargets',
  dailyCap: 'callCap',
  buyerId: 'buyers',
}

const buyerRowFields: Partial<Record<string, keyof CampaignBuyerRow>> = { dailyCallCap: 'dailyCap', callCap: 'dailyCap' }

/**
 * Field of an error from PUT /campaigns/:id/buyers: `[1].weight`, `buyers[1].weight` or
 * `weight` (which row unknown: the list itself).
 */
export function buyersErrorField(apiField: string, rowCount: number): CampaignField {
  const path = normalizeApiField(apiField).replace(/^buyers\./, '')
  const match = /^(\d+)\.(\w+)$/.exec(path)
  if (match) {
    const index = Number(match[1])
    const key = buyerRowFields[match[2] ?? ''] ?? match[2]
    if (index < rowCount && key && key in campaignBuyerSchema.shape) return `buyers.${index}.${key}` as CampaignField
  }
  return 'buyers'
}
