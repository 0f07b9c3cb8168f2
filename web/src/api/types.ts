/** Names for the API shapes the app uses, derived from the generated OpenAPI types. */
import type { JsonBody, JsonResponse, KnownValues } from './client'
import type { components, operations } from './schema'

export type LoginInput = JsonBody<'/api/auth/login', 'post'>
export type LoginResult = JsonResponse<'/api/auth/login', 'post'>
export type CurrentUser = JsonResponse<'/api/auth/user', 'get'>
export type DashboardStats = JsonResponse<'/api/stats/dashboard', 'get'>
export type RecentCall = DashboardStats['recentCalls'][number]

// ---- Management API (docs/api/management.md), generated from openapi.json ---------------
// Several enum fields are plain strings in openapi.json; `KnownValues` gives them the values
// the contract documents until the document declares the enum (see `oneOf` in
// lib/labels.ts to narrow a string the server sends).

type Schemas = components['schemas']

/** A decimal amount as a string, e.g. "25.00". */
export type Money = string

export type CampaignType = KnownValues<Schemas['CampaignOut']['type'], 'direct' | 'pool' | 'rtb'>
export type CampaignStatus = KnownValues<Schemas['CampaignOut']['status'], 'active' | 'paused' | 'completed' | 'draft'>
export type PoolStrategy = KnownValues<Schemas['CampaignOut']['poolStrategy'], 'round_robin' | 'priority'>
export type CallRoutingStrategy = KnownValues<Schemas['CampaignOut']['callRoutingStrategy'], 'priority' | 'round_robin' | 'weighted'>
export type DuplicateCallerAction = KnownValues<Schemas['CampaignOut']['duplicateCallerAction'], 'route_unpaid' | 'reject'>
export type RtbFallback = KnownValues<Schemas['RtbOut']['fallback'], 'buyers' | 'number' | 'message'>
export type BuyerStatus = KnownValues<Schemas['BuyerOut']['status'], 'active' | 'inactive' | 'paused'>
export type CampaignBuyerStatus = KnownValues<Schemas['CampaignBuyerOut']['status'], 'active' | 'paused'>
export type PhoneNumberType = Schemas['NumberType']
export type PhoneNumberStatus = Schemas['NumberStatus']
export type PoolStatus = Schemas['PoolStatus']
/** The `order` query parameter of every list. */
export type SortOrder = KnownValues<NonNullable<operations['list_campaigns']['parameters']['query']>['order'], 'asc' | 'desc'>

/**
 * `{kind, id, name}` of whoever holds a number, in a 409's `details.heldBy` (the error
 * envelope's `details` has no schema in openapi.json).
 */
export interface HeldBy {
  kind: 'campaign' | 'pool'
  id: string | number
  name: string
}

// ---- Campaigns

export type CampaignSummary = Schemas['CampaignSummaryOut']
export type Campaign = Schemas['CampaignOut']
export type CampaignReadiness = Schemas['ReadinessOut']
export type ReadinessCheck = Schemas['CheckOut']
export type CampaignBuyer = Schemas['CampaignBuyerOut']
export type CampaignNumber = Schemas['CampaignNumberOut']
/** Body of POST /api/campaigns, PUT and PATCH /api/campaigns/{id}. */
export type CampaignInput = Schemas['CampaignIn']
export type CampaignBuyerInput = Schemas['CampaignBuyerIn']

// ---- Buyers, phone numbers and pools

/**
 * A buyer's schedule as the editor keeps it: every field present. The generated
 * `Schedule` has them all optional; `normalizeSchedule` turns one into the other. Its
 * `hours` are keyed by weekday: openapi.json says so (`propertyNames`), but
 * openapi-typescript reads that as any string key.
 */
export type Schedule = Omit<Required<Schemas['Schedule']>, 'hours'> & {
  hours: Partial<Record<Weekday, TimeWindow[]>>
}
export type Weekday = Schemas['Day']
export type TimeWindow = Schemas['Window']
export type ScheduleBreak = Schemas['Break']

export type Buyer = Schemas['BuyerOut']
/** What the buyer form sends: valid for POST (BuyerIn) and PUT (BuyerPatch) alike. */
export type BuyerInput = Schemas['BuyerIn'] & Schemas['BuyerPatch']

export type PhoneNumber = Schemas['PhoneNumberOut']
export type PhoneNumberInput = Schemas['PhoneNumberIn']
export type PhoneNumberPatch = Schemas['PhoneNumberPatch']
export type NumberHistoryAction = Schemas['HistoryAction']
export type NumberHistoryEntry = Schemas['HistoryOut']
export type ImportRowStatus = Schemas['ImportRowStatus']
export type ImportRow = Schemas['ImportRowOut']
export type ImportReport = Schemas['ImportOut']
export type ImportInput = Schemas['ImportIn']

export type Pool = Schemas['PoolOut']
export type PoolDetail = Schemas['PoolDetailOut']
export type PoolInput = Schemas['PoolIn']
type PoolNumbersIn = Schemas['PoolNumbersIn']
/**
 * One of the three ways to add numbers to a pool. The document's `PoolNumbersIn` has all
 * three optional ("exactly one of the three" is only in its description).
 */
export type PoolNumbersInput =
  | { phoneNumberIds: NonNullable<PoolNumbersIn['phoneNumberIds']> }
  | { phoneNumbers: NonNullable<PoolNumbersIn['phoneNumbers']> }
  | { csv: NonNullable<PoolNumbersIn['csv']> }
export type PoolNumbersAdded = Schemas['PoolNumbersOut']

// ---- Campaign test call (POST /api/campaigns/{id}/simulate)

export type SimulateInput = Schemas['SimulateIn']
export type Simulation = Schemas['SimulationOut']
/** Also `RoutingOut.outcome` and `CallSummaryOut.disposition`. */
export type RoutingOutcome = KnownValues<Schemas['SimulationOut']['outcome'], 'routed' | 'no_route' | 'rejected'>
export type TraceResult = KnownValues<Schemas['TraceOut']['result'], 'eligible' | 'selected' | 'skipped'>
/** One buyer the routing engine considered, with what became of it (`result` is a TraceResult). */
export type RoutingTraceEntry = Schemas['TraceOut']
/** A buyer the call could go to, in the order they would be tried. */
export type RoutingCandidate = Schemas['CandidateOut'] | Schemas['SimulatedBuyerOut']
/** RTB campaigns: the auction a call would run now (`Simulation.auction`). */
export type AuctionPreview = Schemas['AuctionPreviewOut']
/** A bidder of the preview, and whether a call now would ping it (else why not). */
export type TargetPreview = Schemas['TargetPreviewOut']
/** A test auction's outcome (`AuctionPreview.test`, when `runAuction` was asked). */
export type SimulatedAuction = Schemas['SimulatedAuctionOut']
/** One bidder's answer in a test auction. */
export type SimulatedBid = Schemas['SimulatedBidOut']
export type SimulatedBidStatus = KnownValues<
  Schemas['SimulatedBidOut']['status'],
  'success' | 'no_bid' | 'rejected' | 'timeout' | 'http_error' | 'parse_error' | 'connection_error'
>

// ---- Calls (docs/api/calls.md)

/** The statuses the call list filters on: the carrier's, plus ours for calls never dialled. */
export type CallStatus = KnownValues<
  Schemas['CallSummaryOut']['status'],
  'initiated' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled' | 'no_route' | 'rejected'
>

/** A call as listed by GET /api/calls. */
export type CallSummary = Schemas['CallSummaryOut']
/** A page of GET /api/calls: `{calls, total, hasMore}` (the total is in the body, not a header). */
export type CallsPage = Schemas['CallsPageOut']
/** The stored routing decision of a call. */
export type CallRouting = Schemas['RoutingOut']
/** GET /api/calls/{id}: the summary plus what the detail tabs show. */
export type CallDetail = Schemas['CallDetailOut']
export type HistoricalStats = JsonResponse<'/api/stats/historical', 'get'>

// ---- Dynamic number insertion (GET/POST /api/dni/tags)

/** A tracking tag with its snippet (`jsCode`), install check and figures. */
export type DniTag = Schemas['TagOut']
/** Body of POST /api/dni/tags and PUT /api/dni/tags/{id} (the whole tag). */
export type DniTagInput = Schemas['TagIn']
export type DniTagCreated = Schemas['TagCreatedOut']
/** A visitor session of a tag (GET /api/dni/tags/{id}/sessions). */
export type DniSession = Schemas['SessionOut']
export type DniUsage = Schemas['UsageOut']
export type DniSourceRow = Schemas['SourceOut']
export type CallDni = Schemas['CallDniOut']
export type CallDniCredit = Schemas['CreditOut']
export type DniNumberSource = KnownValues<Schemas['TagIn']['numberSource'], 'pool' | 'static'>
export type DniDisplayFormat = KnownValues<Schemas['TagIn']['displayFormat'], 'national' | 'dashes' | 'dots' | 'international' | 'e164'>
export type DniVisitors = KnownValues<Schemas['TagIn']['visitors'], 'all' | 'matching'>
export type DniAttributionModel = KnownValues<Schemas['TagIn']['attributionModel'], 'first_touch' | 'last_touch' | 'linear' | 'time_decay'>
/** One source rule (`sourceRules` is untyped objects in openapi.json). */
export interface DniSourceRule {
  label: string
  field: DniSourceField
  operator: DniRuleOperator
  value: string
}
export type DniSourceField =
  | 'utm_source'
  | 'utm_medium'
  | 'utm_campaign'
  | 'utm_term'
  | 'utm_content'
  | 'click_id'
  | 'gclid'
  | 'fbclid'
  | 'msclkid'
  | 'referrer_domain'
  | 'direct'
export type DniRuleOperator = 'equals' | 'contains' | 'exists'
