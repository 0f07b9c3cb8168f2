/** Form values of an RTB target and their conversion to and from the API shape. */
import type { Path } from 'react-hook-form'
import { z } from 'zod'
import type { RtbTarget, RtbTargetInput } from '@/api/rtb'

export const EXAMPLE_TEMPLATE = JSON.stringify(
  {
    requestId: '{requestId}',
    campaignId: '{campaignId}',
    callerId: '{callerId}',
    callStartTime: '{callStartTime}',
    geoLocation: { state: '{callerState}', zip: '{callerZip}' },
    bidParams: { minBid: '{minBid}', maxBid: '{maxBid}', currency: 'USD' },
  },
  null,
  2,
)

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
  } catch {
    return false
  }
}

const optionalInt = z.string().trim().regex(/^\d*$/, 'Enter a whole number')
const money = z.string().trim().regex(/^\d+(\.\d{1,2})?$/, 'Enter an amount such as 10.00')

export const rtbTargetFormSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name'),
  company: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string(),
  endpointUrl: z.string().trim().min(1, 'Enter the endpoint URL'),
  requestMethod: z.string(),
  contentType: z.string(),
  authType: z.string(),
  authHeader: z.string(),
  authKey: z.string(),
  authToken: z.string(),
  authUsername: z.string(),
  authPassword: z.string(),
  headers: z.array(z.object({ key: z.string(), value: z.string() })),
  timeoutMs: z.string().trim().regex(/^\d+$/, 'Enter milliseconds'),
  requestTemplate: z.string(),
  bidAmountPath: z.string(),
  destinationNumberPath: z.string(),
  acceptancePath: z.string(),
  currencyPath: z.string(),
  maxConcurrentCalls: optionalInt,
  hourlyCap: optionalInt,
  dailyCap: optionalInt,
  minBid: money,
  maxBid: money,
  currency: z.string().trim().min(3, 'Enter a currency code'),
  status: z.string(),
}).superRefine((v, ctx) => {
  if (v.contentType === 'json' && v.requestTemplate.trim() !== '' && !isJsonObject(v.requestTemplate)) {
    ctx.addIssue({ code: 'custom', path: ['requestTemplate'], message: 'Enter a JSON object' })
  }
})

export type RtbTargetFormValues = z.infer<typeof rtbTargetFormSchema>

export function defaultRtbTargetValues(): RtbTargetFormValues {
  return {
    name: '',
    company: '',
    contactEmail: '',
    contactPhone: '',
    endpointUrl: '',
    requestMethod: 'POST',
    contentType: 'json',
    authType: 'none',
    authHeader: 'X-API-Key',
    authKey: '',
    authToken: '',
    authUsername: '',
    authPassword: '',
    headers: [],
    timeoutMs: '5000',
    requestTemplate: EXAMPLE_TEMPLATE,
    bidAmountPath: 'bidAmount',
    destinationNumberPath: 'destinationNumber',
    acceptancePath: '',
    currencyPath: '',
    maxConcurrentCalls: '',
    hourlyCap: '',
    dailyCap: '',
    minBid: '0.00',
    maxBid: '100.00',
    currency: 'USD',
    status: 'active',
  }
}

const text = (v: string | null | undefined) => v ?? ''
const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v))

export function rtbTargetToValues(t: RtbTarget): RtbTargetFormValues {
  // openapi.json types the template as an object; an XML or form template arrives as text.
  const template = t.requestTemplate as unknown
  return {
    ...defaultRtbTargetValues(),
    name: t.name,
    company: text(t.company),
    contactEmail: text(t.contactEmail),
    contactPhone: text(t.contactPhone),
    endpointUrl: t.endpointUrl,
    requestMethod: t.requestMethod,
    contentType: t.contentType,
    authType: t.authentication.type,
    authHeader: text(t.authentication.header) || 'X-API-Key',
    authUsername: text(t.authentication.username),
    headers: Object.entries(t.customHeaders ?? {}).map(([key, value]) => ({ key, value: String(value) })),
    timeoutMs: String(t.timeoutMs),
    requestTemplate: typeof template === 'string' ? template : template && typeof template === 'object' ? JSON.stringify(template, null, 2) : '',
    bidAmountPath: t.responseConfig.bidAmountPath,
    destinationNumberPath: t.responseConfig.destinationNumberPath,
    acceptancePath: text(t.responseConfig.acceptancePath),
    currencyPath: text(t.responseConfig.currencyPath),
    maxConcurrentCalls: num(t.maxConcurrentCalls),
    hourlyCap: num(t.hourlyCap),
    dailyCap: num(t.dailyCap),
    minBid: t.minBid,
    maxBid: t.maxBid,
    currency: t.currency,
    status: t.status,
  }
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim())
const intOrNull = (v: string) => (v.trim() === '' ? null : Number(v))
/** A secret left empty is not sent, so the stored one is kept. */
const secret = (v: string) => (v === '' ? undefined : v)

function authenticationOf(v: RtbTargetFormValues): RtbTargetInput['authentication'] {
  switch (v.authType) {
    case 'api_key':
      return { type: 'api_key', header: orNull(v.authHeader), key: secret(v.authKey) }
    case 'bearer':
      return { type: 'bearer', token: secret(v.authToken) }
    case 'basic':
      return { type: 'basic', username: orNull(v.authUsername), password: secret(v.authPassword) }
    default:
      return { type: 'none' }
  }
}

/** JSON bodies send the template as an object, XML and form bodies as text; empty leaves it out. */
function templateOf(v: RtbTargetFormValues): RtbTargetInput['requestTemplate'] {
  if (v.requestTemplate.trim() === '') return undefined
  const value: unknown = v.contentType === 'json' ? JSON.parse(v.requestTemplate) : v.requestTemplate
  // The server takes text too, though openapi.json declares only an object.
  return value as RtbTargetInput['requestTemplate']
}

export function valuesToRtbTargetInput(v: RtbTargetFormValues): RtbTargetInput {
  const headers = v.headers.filter((h) => h.key.trim() !== '')
  return {
    name: v.name.trim(),
    company: orNull(v.company),
    contactEmail: orNull(v.contactEmail),
    contactPhone: orNull(v.contactPhone),
    endpointUrl: v.endpointUrl.trim(),
    requestMethod: v.requestMethod,
    contentType: v.contentType,
    authentication: authenticationOf(v),
    customHeaders: Object.fromEntries(headers.map((h) => [h.key.trim(), h.value])),
    timeoutMs: Number(v.timeoutMs),
    requestTemplate: templateOf(v),
    responseConfig: {
      bidAmountPath: v.bidAmountPath.trim() || 'bidAmount',
      destinationNumberPath: v.destinationNumberPath.trim() || 'destinationNumber',
      acceptancePath: orNull(v.acceptancePath),
      currencyPath: orNull(v.currencyPath),
    },
    maxConcurrentCalls: intOrNull(v.maxConcurrentCalls),
    hourlyCap: intOrNull(v.hourlyCap),
    dailyCap: intOrNull(v.dailyCap),
    minBid: v.minBid.trim(),
    maxBid: v.maxBid.trim(),
    currency: v.currency.trim().toUpperCase(),
    status: v.status,
  }
}

const AUTH_FIELDS: Record<string, Path<RtbTargetFormValues>> = {
  type: 'authType',
  header: 'authHeader',
  key: 'authKey',
  token: 'authToken',
  username: 'authUsername',
  password: 'authPassword',
}

/** The API's field name (`endpointUrl`, `authentication.key`, `responseConfig.bidAmountPath`) to the form's. */
export function rtbTargetFieldFor(apiField: string): Path<RtbTargetFormValues> | undefined {
  const [head, rest] = [apiField.split('.')[0] ?? '', apiField.split('.').slice(1).join('.')]
  if (head === 'authentication') return AUTH_FIELDS[rest] ?? 'authType'
  if (head === 'responseConfig' && rest) return rest as Path<RtbTargetFormValues>
  if (head === 'customHeaders') return 'headers'
  if (head in defaultRtbTargetValues()) return head as Path<RtbTargetFormValues>
  return undefined
}
