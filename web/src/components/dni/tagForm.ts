/**
 * The tracking tag editor's form: its schema (the server's rules, so most mistakes are caught
 * before saving), defaults, and the conversions to and from the API's shapes. Number fields
 * are strings in the form; lists the user types one per line (numbers to swap, allowed
 * domains) are one string.
 */
import { z } from 'zod'
import type { DniSourceRule, DniTag, DniTagInput } from '@/api/types'
import { phoneForInput } from '@/lib/format'
import { oneOf } from '@/lib/labels'

/** The pool picker's value for "the campaign's pool" (the server's default). */
export const CAMPAIGN_POOL = 'campaign'

export const DEFAULT_SELECTORS = '.phone-number, [data-dni="phone"]'
export const MAX_SWAP_NUMBERS = 10
export const MAX_DOMAINS = 50
export const MAX_RULES = 50

export const SOURCE_FIELDS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'click_id',
  'gclid',
  'fbclid',
  'msclkid',
  'referrer_domain',
  'direct',
] as const
export const RULE_OPERATORS = ['equals', 'contains', 'exists'] as const
const NUMBER_SOURCES = ['pool', 'static'] as const
const DISPLAY_FORMATS = ['national', 'dashes', 'dots', 'international', 'e164'] as const
const VISITORS = ['all', 'matching'] as const
const MODELS = ['first_touch', 'last_touch', 'linear', 'time_decay'] as const

const isWhole = (v: string) => /^\d+$/.test(v)

function wholeNumber(min: number, max: number, message: string) {
  return z
    .string()
    .trim()
    .refine((v) => isWhole(v) && Number(v) >= min && Number(v) <= max, message)
}

/** Loose phone check; the server parses and stores E.164 (US by default). */
export function looksLikePhone(value: string): boolean {
  const digits = value.replace(/\D/g, '')
  return /^\+?[\d\s().-]+$/.test(value.trim()) && digits.length >= 10 && digits.length <= 15
}

/** The non-empty lines of a text box, trimmed (commas also separate). */
export function lines(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean)
}

/** A host name as the server accepts it: example.com, without a scheme, port or path. */
export function isHostName(value: string): boolean {
  const host = value.trim().replace(/\.$/, '').toLowerCase()
  return host.length > 0 && host.length <= 253 && host.split('.').every((label) => /^[a-z0-9-]{1,63}$/.test(label))
}

export const sourceRuleSchema = z
  .object({
    label: z.string().trim().min(1, 'Name the source, e.g. Google Ads').max(100, 'At most 100 characters'),
    field: z.enum(SOURCE_FIELDS),
    operator: z.enum(RULE_OPERATORS),
    value: z.string().trim().max(200, 'At most 200 characters'),
  })
  .superRefine((rule, ctx) => {
    if (rule.operator !== 'exists' && rule.field !== 'direct' && rule.value === '') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter the value to compare with' })
    }
  })

export const tagFormSchema = z
  .object({
    // Basics
    name: z.string().trim().max(100, 'At most 100 characters'),
    tagCode: z
      .string()
      .trim()
      .min(1, 'Enter a tag code')
      .max(100, 'At most 100 characters')
      .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, _ and - only'),
    campaignId: z.string().min(1, 'Choose the campaign whose calls the tag tracks'),
    description: z.string().max(1000, 'At most 1000 characters'),
    status: z.enum(['active', 'inactive']),
    // Numbers
    numberSource: z.enum(NUMBER_SOURCES),
    /** A pool id, or CAMPAIGN_POOL for the campaign's own pool. */
    poolId: z.string(),
    staticNumberId: z.string(),
    fallbackNumber: z
      .string()
      .trim()
      .refine((v) => v === '' || looksLikePhone(v), 'Enter a phone number, e.g. (800) 555-0199, or leave empty'),
    sessionMinutes: wholeNumber(5, 1440, 'Enter a whole number of minutes from 5 to 1440'),
    // Page
    selectors: z
      .string()
      .trim()
      .min(1, 'Enter at least one CSS selector')
      .max(500, 'At most 500 characters')
      .refine((v) => !/[{}<>]/.test(v), 'CSS selectors only, without braces or tags'),
    swapNumbers: z.string().superRefine((text, ctx) => {
      const numbers = lines(text)
      if (numbers.length > MAX_SWAP_NUMBERS) {
        ctx.addIssue({ code: 'custom', message: `At most ${MAX_SWAP_NUMBERS} numbers` })
        return
      }
      const bad = numbers.find((n) => !looksLikePhone(n))
      if (bad) ctx.addIssue({ code: 'custom', message: `“${bad}” is not a phone number` })
    }),
    displayFormat: z.enum(DISPLAY_FORMATS),
    // Visitors
    visitors: z.enum(VISITORS),
    sourceRules: z.array(sourceRuleSchema).max(MAX_RULES, `At most ${MAX_RULES} rules`),
    // Privacy
    allowedDomains: z.string().superRefine((text, ctx) => {
      const domains = lines(text)
      if (domains.length > MAX_DOMAINS) {
        ctx.addIssue({ code: 'custom', message: `At most ${MAX_DOMAINS} domains` })
        return
      }
      const bad = domains.find((d) => !isHostName(d))
      if (bad) ctx.addIssue({ code: 'custom', message: `“${bad}” is not a host name (write example.com, without https://)` })
    }),
    consentMode: z.boolean(),
    // Attribution
    attributionWindow: wholeNumber(1, 365, 'Enter a whole number of days from 1 to 365'),
    attributionModel: z.enum(MODELS),
    halfLifeDays: wholeNumber(1, 365, 'Enter a whole number of days from 1 to 365'),
  })
  .superRefine((values, ctx) => {
    if (values.numberSource === 'static' && values.staticNumberId === '') {
      ctx.addIssue({ code: 'custom', path: ['staticNumberId'], message: 'Choose the number to show' })
    }
    if (values.visitors === 'matching' && values.sourceRules.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['sourceRules'], message: 'Add a rule: only visitors a rule matches are tracked' })
    }
  })

export type TagFormValues = z.infer<typeof tagFormSchema>
export type SourceRuleValues = TagFormValues['sourceRules'][number]

export const emptySourceRule: SourceRuleValues = { label: '', field: 'utm_source', operator: 'equals', value: '' }

export const tagFormDefaults: TagFormValues = {
  name: '',
  tagCode: '',
  campaignId: '',
  description: '',
  status: 'active',
  numberSource: 'pool',
  poolId: CAMPAIGN_POOL,
  staticNumberId: '',
  fallbackNumber: '',
  sessionMinutes: '30',
  selectors: DEFAULT_SELECTORS,
  swapNumbers: '',
  displayFormat: 'national',
  visitors: 'all',
  sourceRules: [],
  allowedDomains: '',
  consentMode: false,
  attributionWindow: '30',
  attributionModel: 'last_touch',
  halfLifeDays: '7',
}

/** A stored source rule (untyped objects in openapi.json) as the form keeps it. */
function ruleValues(raw: Record<string, unknown>): SourceRuleValues {
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  return {
    label: text(raw.label),
    field: oneOf(text(raw.field), SOURCE_FIELDS, 'utm_source'),
    operator: oneOf(text(raw.operator), RULE_OPERATORS, 'equals'),
    value: text(raw.value),
  }
}

export function tagToValues(tag: DniTag): TagFormValues {
  return {
    name: tag.name,
    tagCode: tag.tagCode,
    campaignId: tag.campaignId ?? '',
    description: tag.description ?? '',
    status: oneOf(tag.status, ['active', 'inactive'], 'active'),
    numberSource: oneOf(tag.numberSource, NUMBER_SOURCES, 'pool'),
    poolId: tag.poolId != null ? String(tag.poolId) : CAMPAIGN_POOL,
    staticNumberId: tag.staticNumberId != null ? String(tag.staticNumberId) : '',
    fallbackNumber: phoneForInput(tag.fallbackNumber),
    sessionMinutes: String(tag.sessionMinutes),
    selectors: tag.selectors,
    swapNumbers: tag.swapNumbers.map(phoneForInput).join('\n'),
    displayFormat: oneOf(tag.displayFormat, DISPLAY_FORMATS, 'national'),
    visitors: oneOf(tag.visitors, VISITORS, 'all'),
    sourceRules: tag.sourceRules.map(ruleValues),
    allowedDomains: tag.allowedDomains.join('\n'),
    consentMode: tag.consentMode,
    attributionWindow: String(tag.attributionWindow),
    attributionModel: oneOf(tag.attributionModel, MODELS, 'last_touch'),
    halfLifeDays: String(tag.halfLifeDays),
  }
}

/** The whole tag for POST or PUT (a PUT resets what it leaves out, so everything is sent). */
export function valuesToInput(values: TagFormValues): DniTagInput {
  const rules: DniSourceRule[] = values.sourceRules.map((rule) => ({
    label: rule.label.trim(),
    field: rule.field,
    operator: rule.operator,
    value: rule.operator === 'exists' || rule.field === 'direct' ? '' : rule.value.trim(),
  }))
  return {
    tagCode: values.tagCode.trim(),
    name: values.name.trim() || null,
    campaignId: values.campaignId,
    description: values.description.trim() || null,
    status: values.status,
    numberSource: values.numberSource,
    poolId: values.numberSource === 'pool' && values.poolId !== CAMPAIGN_POOL && values.poolId !== '' ? Number(values.poolId) : null,
    staticNumberId: values.numberSource === 'static' && values.staticNumberId !== '' ? Number(values.staticNumberId) : null,
    fallbackNumber: values.fallbackNumber.trim() || null,
    sessionMinutes: Number(values.sessionMinutes),
    selectors: values.selectors.trim(),
    swapNumbers: lines(values.swapNumbers),
    displayFormat: values.displayFormat,
    visitors: values.visitors,
    sourceRules: rules as unknown as Record<string, unknown>[],
    allowedDomains: lines(values.allowedDomains),
    consentMode: values.consentMode,
    attributionWindow: Number(values.attributionWindow),
    attributionModel: values.attributionModel,
    halfLifeDays: Number(values.halfLifeDays),
  }
}

/** Which section of the editor holds a field the server names (to open and scroll to it). */
export function apiFieldToFormField(field: string): keyof TagFormValues | `sourceRules.${number}.${keyof SourceRuleValues}` | undefined {
  const rule = /^sourceRules\.(\d+)\.(label|field|operator|value)$/.exec(field)
  if (rule) return `sourceRules.${Number(rule[1])}.${rule[2] as keyof SourceRuleValues}`
  if (field in tagFormDefaults) return field as keyof TagFormValues
  return undefined
}
