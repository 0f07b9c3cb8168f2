/** Form values of a pixel, their checks, and their conversion to and from the API shape. */
import { z } from 'zod'
import { pixelConditions, type Pixel, type PixelInput } from '@/api/pixels'

/** What each "fire on" choice means, in plain words. */
export const FIRE_ON_LABELS: Record<string, { label: string; description: string }> = {
  incoming: { label: 'Incoming', description: 'a call came in to a tracking number' },
  connected: { label: 'Connected', description: 'a buyer answered the call' },
  completed: { label: 'Completed', description: 'the call ended normally' },
  converted: { label: 'Converted', description: 'the call was marked converted (by a buyer, a postback or you)' },
  error: { label: 'Error', description: 'the call failed or could not be routed' },
  payout: { label: 'Payout', description: 'the call converted with revenue' },
}

export const OPERATOR_LABELS: Record<string, string> = {
  equals: 'equals',
  not_equals: 'does not equal',
  contains: 'contains',
  greater_than: 'is greater than',
  less_than: 'is less than',
  exists: 'is not empty',
}

const TOKEN_IN_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\[[a-z_]+\]/i

export const pixelFormSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name').max(100, 'At most 100 characters'),
    campaignId: z.string(),
    fireOn: z.array(z.string()).min(1, 'Pick when the pixel fires'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH']),
    url: z
      .string()
      .trim()
      .min(1, 'Enter the URL to call')
      .max(2000, 'At most 2,000 characters')
      .regex(/^https?:\/\/\S+$/i, 'Enter an http:// or https:// URL'),
    body: z.string().max(10_000, 'At most 10,000 characters'),
    headers: z.array(z.object({ name: z.string(), value: z.string() })).max(20, 'At most 20 headers'),
    basicAuthUsername: z.string().max(200, 'At most 200 characters'),
    basicAuthPassword: z.string().max(500, 'At most 500 characters'),
    conditions: z
      .array(z.object({ token: z.string(), operator: z.string(), value: z.string().max(200, 'At most 200 characters') }))
      .max(10, 'At most 10 conditions'),
    maxFiresPerCall: z.string().regex(/^(|[1-9]\d?|100)$/, 'A whole number from 1 to 100, or empty for no limit'),
    enabled: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (TOKEN_IN_HOST.test(v.url.trim())) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'Tokens may be used in the path and query, not in the host' })
    }
    const seen = new Set<string>()
    v.headers.forEach((h, index) => {
      const name = h.name.trim()
      if (name === '' && h.value.trim() === '') return
      if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
        ctx.addIssue({ code: 'custom', path: ['headers', index, 'name'], message: 'Enter a header name (letters, digits and -)' })
      } else if (seen.has(name.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: ['headers', index, 'name'], message: 'This header is already set above' })
      }
      seen.add(name.toLowerCase())
    })
    if (v.basicAuthUsername.includes(':')) {
      ctx.addIssue({ code: 'custom', path: ['basicAuthUsername'], message: "A user name cannot contain ':'" })
    }
    if (v.basicAuthUsername.trim() === '' && v.basicAuthPassword !== '') {
      ctx.addIssue({ code: 'custom', path: ['basicAuthUsername'], message: 'Enter the user name for this password' })
    }
    v.conditions.forEach((c, index) => {
      if (c.token === '') ctx.addIssue({ code: 'custom', path: ['conditions', index, 'token'], message: 'Pick a token' })
      if (c.operator !== 'exists' && c.value.trim() === '') {
        ctx.addIssue({ code: 'custom', path: ['conditions', index, 'value'], message: 'Enter a value' })
      }
    })
  })

export type PixelFormValues = z.infer<typeof pixelFormSchema>

export function pixelFormValues(pixel?: Pixel): PixelFormValues {
  if (!pixel) {
    return {
      name: '',
      campaignId: '',
      fireOn: [],
      method: 'GET',
      url: '',
      body: '',
      headers: [],
      basicAuthUsername: '',
      basicAuthPassword: '',
      conditions: [],
      maxFiresPerCall: '',
      enabled: true,
    }
  }
  const method = (['GET', 'POST', 'PUT', 'PATCH'] as const).find((m) => m === pixel.method.toUpperCase()) ?? 'GET'
  return {
    name: pixel.name,
    campaignId: pixel.campaignId ?? '',
    fireOn: pixel.fireOn,
    method,
    url: pixel.url,
    body: pixel.body ?? '',
    headers: Object.entries(pixel.headers).map(([name, value]) => ({ name, value: String(value ?? '') })),
    basicAuthUsername: pixel.basicAuthUsername ?? '',
    basicAuthPassword: '',
    conditions: pixelConditions(pixel),
    maxFiresPerCall: pixel.maxFiresPerCall == null ? '' : String(pixel.maxFiresPerCall),
    enabled: pixel.enabled,
  }
}

/**
 * The API shape of the form: no body for a GET, no password when left empty on an edit (the
 * stored one is kept), no basic auth without a user name, no value for "is not empty".
 */
export function pixelInput(values: PixelFormValues): PixelInput {
  const headers: Record<string, string> = {}
  for (const h of values.headers) {
    if (h.name.trim() !== '') headers[h.name.trim()] = h.value
  }
  const username = values.basicAuthUsername.trim()
  return {
    name: values.name.trim(),
    campaignId: values.campaignId || null,
    fireOn: values.fireOn,
    method: values.method,
    url: values.url.trim(),
    body: values.method === 'GET' || values.body === '' ? null : values.body,
    headers,
    basicAuth: username === '' ? null : values.basicAuthPassword === '' ? { username } : { username, password: values.basicAuthPassword },
    conditions: values.conditions.map((c) => ({
      token: c.token,
      operator: c.operator,
      value: c.operator === 'exists' ? '' : c.value.trim(),
    })),
    maxFiresPerCall: values.maxFiresPerCall === '' ? null : Number(values.maxFiresPerCall),
    enabled: values.enabled,
  }
}

/** `[call_id]` -> `call_id` (conditions name tokens without brackets). */
export function bareToken(name: string): string {
  return name.replace(/^\[|\]$/g, '')
}

/** `text` with `insert` put in place of the selection `[start, end)`, and where the cursor goes after it. */
export function insertAt(text: string, insert: string, start: number | null, end: number | null): { text: string; cursor: number } {
  const from = Math.min(Math.max(start ?? text.length, 0), text.length)
  const to = Math.min(Math.max(end ?? from, from), text.length)
  return { text: text.slice(0, from) + insert + text.slice(to), cursor: from + insert.length }
}

/** "Converted", or "Converted, payout and 1 more". */
export function fireOnSummary(fireOn: readonly string[]): string {
  const names = fireOn.map((f) => FIRE_ON_LABELS[f]?.label ?? f)
  if (names.length <= 2) return names.join(', ')
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`
}

/** The API names the fields as the form does, except basic auth, single headers and conditions. */
export function pixelFieldMap(field: string): keyof PixelFormValues | undefined {
  if (['name', 'campaignId', 'fireOn', 'method', 'url', 'body', 'maxFiresPerCall'].includes(field)) return field as keyof PixelFormValues
  if (field.startsWith('headers')) return 'headers'
  if (field === 'basicAuth.password') return 'basicAuthPassword'
  if (field.startsWith('basicAuth')) return 'basicAuthUsername'
  if (field.startsWith('conditions')) return 'conditions'
  return undefined
}
