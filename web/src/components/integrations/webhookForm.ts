/** Form values of a webhook endpoint, their checks, and their conversion to and from the API shape. */
import { z } from 'zod'
import type { WebhookEndpoint, WebhookEndpointInput, WebhookEventType } from '@/api/integrations'

export const webhookFormSchema = z
  .object({
    url: z
      .string()
      .trim()
      .min(1, 'Enter the URL that receives the events')
      .max(2000, 'At most 2,000 characters')
      .regex(/^https?:\/\/\S+$/i, 'Enter an http:// or https:// URL'),
    description: z.string().max(500, 'At most 500 characters'),
    allEvents: z.boolean(),
    eventTypes: z.array(z.string()),
    allCampaigns: z.boolean(),
    campaignIds: z.array(z.string()),
    headers: z.array(z.object({ name: z.string(), value: z.string() })).max(20, 'At most 20 headers'),
    bodyTemplate: z.string().max(10_000, 'At most 10,000 characters'),
    enabled: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.bodyTemplate.trim() !== '' && !isJson(v.bodyTemplate)) {
      ctx.addIssue({ code: 'custom', path: ['bodyTemplate'], message: 'Enter JSON, with [tokens] inside strings' })
    }
    if (!v.allEvents && v.eventTypes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['eventTypes'], message: 'Pick at least one event, or choose all events' })
    }
    if (!v.allCampaigns && v.campaignIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['campaignIds'], message: 'Pick at least one campaign, or choose all campaigns' })
    }
    const seen = new Set<string>()
    v.headers.forEach((h, index) => {
      const name = h.name.trim()
      if (name === '' && h.value.trim() === '') return
      if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
        ctx.addIssue({ code: 'custom', path: ['headers', index, 'name'], message: 'Enter a header name (letters, digits and -)' })
      } else if (name.toLowerCase().startsWith('webhook-')) {
        ctx.addIssue({ code: 'custom', path: ['headers', index, 'name'], message: 'webhook-* headers are set by the platform' })
      } else if (seen.has(name.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: ['headers', index, 'name'], message: 'This header is already set above' })
      }
      seen.add(name.toLowerCase())
    })
  })

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

export type WebhookFormValues = z.infer<typeof webhookFormSchema>

export function webhookFormValues(endpoint?: WebhookEndpoint): WebhookFormValues {
  if (!endpoint) {
    return { url: '', description: '', allEvents: true, eventTypes: [], allCampaigns: true, campaignIds: [], headers: [], bodyTemplate: '', enabled: true }
  }
  return {
    url: endpoint.url,
    description: endpoint.description ?? '',
    allEvents: endpoint.eventTypes.length === 0,
    eventTypes: endpoint.eventTypes,
    allCampaigns: endpoint.campaignIds.length === 0,
    campaignIds: endpoint.campaignIds,
    headers: Object.entries(endpoint.headers).map(([name, value]) => ({ name, value: String(value ?? '') })),
    bodyTemplate: endpoint.bodyTemplate ?? '',
    enabled: endpoint.enabled,
  }
}

export function webhookInput(values: WebhookFormValues): WebhookEndpointInput {
  const headers: Record<string, string> = {}
  for (const h of values.headers) {
    if (h.name.trim() !== '') headers[h.name.trim()] = h.value
  }
  return {
    url: values.url.trim(),
    description: values.description.trim() || null,
    eventTypes: values.allEvents ? [] : values.eventTypes,
    campaignIds: values.allCampaigns ? [] : values.campaignIds,
    headers,
    bodyTemplate: values.bodyTemplate.trim() === '' ? null : values.bodyTemplate,
    enabled: values.enabled,
  }
}

const GROUP_LABELS: Record<string, string> = {
  call: 'Calls',
  auction: 'RTB auctions',
  campaign: 'Campaigns',
  buyer: 'Buyers',
  rtb_target: 'RTB targets',
  alert: 'Alerts',
}

/** The part of an event type before its dot: `call.completed` -> `call`. */
export function eventObject(name: string): string {
  return name.split('.')[0] ?? name
}

/** Event types grouped by the object they are about, in the order the API lists them. */
export function groupEventTypes(types: readonly WebhookEventType[]): { key: string; label: string; types: WebhookEventType[] }[] {
  const groups = new Map<string, WebhookEventType[]>()
  for (const t of types) {
    const key = eventObject(t.name)
    groups.set(key, [...(groups.get(key) ?? []), t])
  }
  return [...groups].map(([key, list]) => ({ key, label: GROUP_LABELS[key] ?? key, types: list }))
}

/** "All events", "call.completed", or "call.completed and 3 more". */
export function eventsSummary(eventTypes: readonly string[]): string {
  if (eventTypes.length === 0) return 'All events'
  if (eventTypes.length === 1) return eventTypes[0]!
  return `${eventTypes[0]} and ${eventTypes.length - 1} more`
}

/** The API names the fields as the form does, except single headers. */
export function webhookFieldMap(field: string): keyof WebhookFormValues | undefined {
  if (field === 'url' || field === 'description' || field === 'eventTypes' || field === 'campaignIds' || field === 'bodyTemplate') return field
  if (field.startsWith('headers')) return 'headers'
  return undefined
}
