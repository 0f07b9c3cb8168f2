/**
 * Display names of the API's enum values. Each map `satisfies` the type of its field
 * (api/types.ts), so a value added to or dropped from openapi.json fails the type check here.
 */
import type {
  BuyerStatus,
  CallRoutingStrategy,
  CallStatus,
  CampaignStatus,
  CampaignType,
  DniAttributionModel,
  DniDisplayFormat,
  DniNumberSource,
  DniRuleOperator,
  DniSourceField,
  DniVisitors,
  DuplicateCallerAction,
  NumberHistoryAction,
  PhoneNumberStatus,
  PhoneNumberType,
  PoolStatus,
  PoolStrategy,
  RoutingOutcome,
  RtbFallback,
  SimulatedBidStatus,
  TraceResult,
} from '@/api/types'

/** "toll_free" -> "Toll free", "round-robin" -> "Round robin". */
export function humanize(value: string): string {
  const words = value.replace(/[-_]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export const campaignTypeLabels = { direct: 'Direct', pool: 'Pool', rtb: 'RTB' } as const satisfies Record<CampaignType, string>
export const campaignStatusLabels = { draft: 'Draft', active: 'Active', paused: 'Paused', completed: 'Completed' } as const satisfies Record<CampaignStatus, string>
export const buyerStatusLabels = { active: 'Active', inactive: 'Inactive', paused: 'Paused' } as const satisfies Record<BuyerStatus, string>
export const numberTypeLabels = { local: 'Local', toll_free: 'Toll-free', mobile: 'Mobile' } as const satisfies Record<PhoneNumberType, string>
export const numberStatusLabels = { active: 'Active', inactive: 'Inactive', suspended: 'Suspended' } as const satisfies Record<PhoneNumberStatus, string>
export const poolStatusLabels = { active: 'Active', inactive: 'Inactive' } as const satisfies Record<PoolStatus, string>
export const poolStrategyLabels = { round_robin: 'Round-robin', priority: 'Priority' } as const satisfies Record<PoolStrategy, string>
export const routingStrategyLabels = { priority: 'Priority', round_robin: 'Round-robin', weighted: 'Weighted' } as const satisfies Record<CallRoutingStrategy, string>
export const duplicateActionLabels = { route_unpaid: 'Route, but do not pay', reject: 'Reject the call' } as const satisfies Record<DuplicateCallerAction, string>
export const rtbFallbackLabels = {
  buyers: 'Route to the campaign buyers',
  number: 'Forward to the fallback number',
  message: 'Play the fallback message',
} as const satisfies Record<RtbFallback, string>
export const historyActionLabels = {
  added_to_pool: 'Added to pool',
  removed_from_pool: 'Removed from pool',
  assigned: 'Assigned to campaign',
  released: 'Released from campaign',
} as const satisfies Record<NumberHistoryAction, string>

export const dniNumberSourceLabels = {
  pool: 'Pool: a number per visitor',
  static: 'One static number',
} as const satisfies Record<DniNumberSource, string>
export const dniDisplayFormatLabels = {
  national: '(800) 555-0199',
  dashes: '800-555-0199',
  dots: '800.555.0199',
  international: '+1 800-555-0199',
  e164: '+18005550199',
} as const satisfies Record<DniDisplayFormat, string>
export const dniVisitorsLabels = {
  all: 'All visitors',
  matching: 'Only visitors a source rule matches',
} as const satisfies Record<DniVisitors, string>
export const dniAttributionModelLabels = {
  first_touch: 'First touch',
  last_touch: 'Last touch',
  linear: 'Linear',
  time_decay: 'Time decay',
} as const satisfies Record<DniAttributionModel, string>
export const dniSourceFieldLabels = {
  utm_source: 'utm_source',
  utm_medium: 'utm_medium',
  utm_campaign: 'utm_campaign',
  utm_term: 'utm_term',
  utm_content: 'utm_content',
  click_id: 'Any click id',
  gclid: 'gclid (Google Ads)',
  fbclid: 'fbclid (Meta)',
  msclkid: 'msclkid (Microsoft Ads)',
  referrer_domain: 'Referrer domain',
  direct: 'Direct visit',
} as const satisfies Record<DniSourceField, string>
export const dniRuleOperatorLabels = { equals: 'equals', contains: 'contains', exists: 'is present' } as const satisfies Record<DniRuleOperator, string>

/** `{value, label}` pairs of a label map, in its order. */
export function optionsOf<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }))
}

/** The label of a value the server sends as a plain string (humanized when unknown). */
export function labelOf(labels: Readonly<Record<string, string>>, value: string | null | undefined): string {
  if (value == null) return '—'
  return labels[value] ?? humanize(value)
}

/** `value` if it is one of `allowed`, else `fallback`: narrows the server's strings for forms. */
export function oneOf<T extends string>(value: string | null | undefined, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback
}
export const routingOutcomeLabels = { routed: 'Routed', no_route: 'No route', rejected: 'Rejected' } as const satisfies Record<RoutingOutcome, string>
/** A test auction bidder's answer, in words. */
export const bidStatusLabels = {
  success: 'Bid',
  no_bid: 'No bid',
  rejected: 'Rejected',
  timeout: 'Timeout',
  http_error: 'HTTP error',
  parse_error: 'Unreadable answer',
  connection_error: 'Could not connect',
} as const satisfies Record<SimulatedBidStatus, string>
export const traceResultLabels = { selected: 'Selected', eligible: 'Eligible', skipped: 'Skipped' } as const satisfies Record<TraceResult, string>
export const callStatusLabels = {
  queued: 'Queued',
  initiated: 'Initiated',
  ringing: 'Ringing',
  'in-progress': 'In progress',
  completed: 'Completed',
  busy: 'Busy',
  'no-answer': 'No answer',
  failed: 'Failed',
  canceled: 'Canceled',
  no_route: 'No route',
  rejected: 'Rejected',
} as const satisfies Record<CallStatus, string>

/**
 * Words for the status values shown in badges (campaign, buyer, number, pool, RTB target,
 * import row, bidder answer) where `humanize` would get them wrong ("Http error").
 */
export const statusLabels: Readonly<Record<string, string>> = {
  no_bid: 'No bid',
  timeout: 'Timeout',
  http_error: 'HTTP error',
  parse_error: 'Unreadable answer',
  connection_error: 'Could not connect',
  in_progress: 'In progress',
  'in-progress': 'In progress',
  'no-answer': 'No answer',
  no_route: 'No route',
  ok: 'OK',
}
