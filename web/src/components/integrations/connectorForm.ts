/** Form values of a connector, their checks, and their conversion to and from the API shape. */
import { z } from 'zod'
import { textMap, type Connector, type ConnectorInput, type ConnectorType } from '@/api/connectors'

/** "Customer ID" -> "customer ID", but "OAuth client ID" and "API token" as they are. */
function lowerFirst(label: string): string {
  return /^.[a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label
}

/** What the API accepts as the field of a mapping row. */
const MAPPING_FIELD = /^[A-Za-z0-9_.]{1,100}$/

const rowSchema = z.object({ field: z.string(), template: z.string() })

const baseSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(100, 'At most 100 characters'),
  baseUrl: z
    .string()
    .trim()
    .max(2000, 'At most 2,000 characters')
    .regex(/^(|https?:\/\/\S+)$/i, 'Enter an http:// or https:// URL, or leave empty'),
  settings: z.record(z.string(), z.string()),
  credentials: z.record(z.string(), z.string()),
  eventTypes: z.array(z.string()).min(1, 'Pick at least one event'),
  allCampaigns: z.boolean(),
  campaignIds: z.array(z.string()),
  mapping: z.array(rowSchema).max(50, 'At most 50 fields'),
  enabled: z.boolean(),
})

export type ConnectorFormValues = z.infer<typeof baseSchema>
export type MappingRow = z.infer<typeof rowSchema>

/**
 * The checks of a vendor's form: its required settings, and its required credentials unless
 * one is stored already (`connector`, when editing).
 */
export function connectorFormSchema(type: ConnectorType, connector?: Connector) {
  const stored = new Set(connector?.credentials.filter((c) => c.set).map((c) => c.key) ?? [])
  return baseSchema.superRefine((v, ctx) => {
    for (const f of type.fields) {
      if (!f.required) continue
      const value = (f.secret ? v.credentials[f.key] : v.settings[f.key])?.trim() ?? ''
      if (value === '' && !(f.secret && stored.has(f.key)) && !f.default) {
        ctx.addIssue({ code: 'custom', path: [f.secret ? 'credentials' : 'settings', f.key], message: `Enter the ${lowerFirst(f.label)}` })
      }
    }
    if (!v.allCampaigns && v.campaignIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['campaignIds'], message: 'Pick at least one campaign, or choose all campaigns' })
    }
    const seen = new Set<string>()
    v.mapping.forEach((row, index) => {
      const field = row.field.trim()
      if (field === '' && row.template.trim() === '') return
      if (!MAPPING_FIELD.test(field)) {
        ctx.addIssue({ code: 'custom', path: ['mapping', index, 'field'], message: "Letters, digits, '_' or '.' (at most 100)" })
      } else if (seen.has(field)) {
        ctx.addIssue({ code: 'custom', path: ['mapping', index, 'field'], message: 'This field is already mapped above' })
      } else if (row.template.trim() === '') {
        ctx.addIssue({ code: 'custom', path: ['mapping', index, 'template'], message: 'Enter a template, or remove the row' })
      }
      seen.add(field)
    })
  })
}

/**
 * The mapping rows as in effect: the vendor's defaults with the connector's own templates in
 * their place (a default it removed, with an empty template, is left out), then its other fields.
 */
export function effectiveMapping(type: ConnectorType, mapping: Record<string, unknown> = {}): MappingRow[] {
  const own = textMap(mapping)
  const rows: MappingRow[] = []
  for (const d of type.defaultMapping) {
    const template = d.field in own ? own[d.field]! : d.template
    if (template !== '') rows.push({ field: d.field, template })
  }
  const defaults = new Set(type.defaultMapping.map((d) => d.field))
  for (const [field, template] of Object.entries(own)) {
    if (!defaults.has(field) && template !== '') rows.push({ field, template })
  }
  return rows
}

export function connectorFormValues(type: ConnectorType, connector?: Connector): ConnectorFormValues {
  const settings: Record<string, string> = {}
  const credentials: Record<string, string> = {}
  const stored = textMap(connector?.settings)
  for (const f of type.fields) {
    if (f.secret) credentials[f.key] = ''
    else settings[f.key] = stored[f.key] ?? ''
  }
  if (!connector) {
    return {
      name: type.name,
      baseUrl: '',
      settings,
      credentials,
      eventTypes: type.defaultEventTypes,
      allCampaigns: true,
      campaignIds: [],
      mapping: effectiveMapping(type),
      enabled: true,
    }
  }
  return {
    name: connector.name,
    baseUrl: connector.baseUrl === type.defaultBaseUrl ? '' : connector.baseUrl,
    settings,
    credentials,
    eventTypes: connector.eventTypes,
    allCampaigns: connector.campaignIds.length === 0,
    campaignIds: connector.campaignIds,
    mapping: effectiveMapping(type, connector.mapping),
    enabled: connector.enabled,
  }
}

/**
 * The API shape of the form. Settings and credentials left empty are left out (the vendor's
 * default; the stored secret when editing), and `credentials` altogether when none was entered.
 * The mapping holds only what differs from the vendor's defaults: changed and added fields, and
 * an empty template for each default removed.
 */
export function connectorInput(type: ConnectorType, values: ConnectorFormValues): ConnectorInput {
  const settings: Record<string, string> = {}
  const credentials: Record<string, string> = {}
  for (const f of type.fields) {
    const value = (f.secret ? values.credentials[f.key] : values.settings[f.key])?.trim() ?? ''
    if (value === '') continue
    if (f.secret) credentials[f.key] = value
    else settings[f.key] = value
  }
  const rows = new Map<string, string>()
  for (const row of values.mapping) {
    if (row.field.trim() !== '' && row.template.trim() !== '') rows.set(row.field.trim(), row.template)
  }
  const mapping: Record<string, string> = {}
  for (const d of type.defaultMapping) {
    const template = rows.get(d.field)
    if (template === undefined) mapping[d.field] = ''
    else if (template !== d.template) mapping[d.field] = template
  }
  const defaults = new Set(type.defaultMapping.map((d) => d.field))
  for (const [field, template] of rows) if (!defaults.has(field)) mapping[field] = template
  return {
    name: values.name.trim(),
    vendor: type.vendor,
    baseUrl: values.baseUrl.trim() || null,
    eventTypes: values.eventTypes,
    campaignIds: values.allCampaigns ? [] : values.campaignIds,
    settings,
    ...(Object.keys(credentials).length > 0 ? { credentials } : {}),
    mapping,
    enabled: values.enabled,
  }
}

/**
 * Where the server's error goes: `settings.x` and `credentials.x` as they are, `mapping.x` on the
 * template of the row of field x (else on the mapping), the rest by name.
 */
export function connectorFieldMap(values: () => ConnectorFormValues) {
  return (field: string): string | undefined => {
    if (['name', 'baseUrl', 'eventTypes', 'campaignIds'].includes(field)) return field
    const [head, ...rest] = field.split('.')
    const key = rest.join('.')
    if (head === 'settings' || head === 'credentials') return key in values()[head] ? field : undefined
    if (head === 'mapping') {
      const index = values().mapping.findIndex((row) => row.field.trim() === key)
      return index >= 0 ? `mapping.${index}.template` : 'mapping'
    }
    return undefined
  }
}
