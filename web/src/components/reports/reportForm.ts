/** The report builder's form values, their checks, and their conversion to and from a spec. */
import { z } from 'zod'
import { CHART_TYPES, DIMENSIONS, emptySpec, METRICS, RANGES, type Dimension, type ReportSpec } from '@/api/reports'
import { paramFilter, parseParamFilter } from '@/api/urlParameters'
import { normalizeApiField } from '@/lib/serverErrors'

/** Select value for "no second dimension" / "no parameter" (Radix selects cannot hold ''). */
export const NONE = 'none'
export const ALL = 'all'

/** The longest custom range the server accepts, in days (both ends included). */
export const MAX_RANGE_DAYS = 366

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
}

export const reportFormSchema = z
  .object({
    dimension1: z.enum([NONE, ...DIMENSIONS]),
    dimension2: z.enum([NONE, ...DIMENSIONS]),
    /** The tracked URL parameter the `parameter` dimension groups by ('' until chosen). */
    parameter: z.string(),
    metrics: z.array(z.enum(METRICS)).min(1, 'Choose at least one metric'),
    range: z.enum(RANGES),
    from: z.string(),
    to: z.string(),
    campaignId: z.string(),
    buyerId: z.string(),
    status: z.string(),
    callerState: z.string().trim().max(40, 'At most 40 characters'),
    rtbTargetId: z.string(),
    source: z.string().trim().max(200, 'At most 200 characters'),
    medium: z.string().trim().max(200, 'At most 200 characters'),
    utmCampaign: z.string().trim().max(200, 'At most 200 characters'),
    utmTerm: z.string().trim().max(200, 'At most 200 characters'),
    utmContent: z.string().trim().max(200, 'At most 200 characters'),
    /** The URL parameter filter: a tracked parameter's name (NONE for any) and its exact value. */
    paramName: z.string(),
    paramValue: z.string().trim().max(200, 'At most 200 characters'),
    chartType: z.enum(CHART_TYPES),
  })
  .superRefine((v, ctx) => {
    if (v.dimension2 !== NONE && v.dimension1 === NONE) {
      ctx.addIssue({ code: 'custom', path: ['dimension1'], message: 'Choose the first dimension before a second one' })
    }
    if (v.dimension2 !== NONE && v.dimension2 === v.dimension1) {
      ctx.addIssue({ code: 'custom', path: ['dimension2'], message: 'Choose a different dimension' })
    }
    if (groupsByParameter(v) && v.parameter.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['parameter'], message: 'Choose the URL parameter to group by' })
    }
    if (v.paramName !== NONE && v.paramValue.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['paramValue'], message: 'Enter the value to match' })
    }
    if (v.range !== 'custom') return
    if (!ISO_DAY.test(v.from)) ctx.addIssue({ code: 'custom', path: ['from'], message: 'Choose the first day' })
    if (!ISO_DAY.test(v.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Choose the last day' })
    if (ISO_DAY.test(v.from) && ISO_DAY.test(v.to)) {
      const days = daysBetween(v.from, v.to)
      if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The last day cannot be before the first' })
      else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `At most ${MAX_RANGE_DAYS} days` })
    }
  })

export type ReportFormValues = z.infer<typeof reportFormSchema>

/** Whether either dimension is the URL parameter (which then needs `parameter`). */
export function groupsByParameter(v: Pick<ReportFormValues, 'dimension1' | 'dimension2'>): boolean {
  return v.dimension1 === 'parameter' || v.dimension2 === 'parameter'
}

const orAll = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? ALL : String(value))
const orNull = (value: string) => (value === ALL || value.trim() === '' ? null : value.trim())
const idOrNull = (value: string) => {
  const n = Number(value)
  return value === ALL || value === '' || !Number.isInteger(n) ? null : n
}

export function specToValues(spec: ReportSpec = emptySpec()): ReportFormValues {
  const f = spec.filters
  const param = f.param ? parseParamFilter(f.param) : undefined
  return {
    dimension1: spec.dimensions[0] ?? NONE,
    dimension2: spec.dimensions[1] ?? NONE,
    parameter: spec.parameter ?? '',
    metrics: [...spec.metrics],
    range: spec.range,
    from: spec.from ?? '',
    to: spec.to ?? '',
    campaignId: orAll(f.campaignId),
    buyerId: orAll(f.buyerId),
    status: orAll(f.status),
    callerState: f.callerState ?? '',
    rtbTargetId: orAll(f.rtbTargetId),
    source: f.source ?? '',
    medium: f.medium ?? '',
    utmCampaign: f.utmCampaign ?? '',
    utmTerm: f.utmTerm ?? '',
    utmContent: f.utmContent ?? '',
    paramName: param?.name ?? NONE,
    paramValue: param?.value ?? '',
    chartType: spec.chartType,
  }
}

export function valuesToSpec(v: ReportFormValues): ReportSpec {
  const dimensions = [v.dimension1, v.dimension2].filter((d): d is Dimension => d !== NONE)
  const custom = v.range === 'custom'
  const paramValue = v.paramValue.trim()
  return {
    dimensions,
    metrics: [...v.metrics],
    range: v.range,
    from: custom ? v.from : null,
    to: custom ? v.to : null,
    parameter: groupsByParameter(v) && v.parameter.trim() !== '' ? v.parameter.trim() : null,
    filters: {
      campaignId: orNull(v.campaignId),
      buyerId: idOrNull(v.buyerId),
      status: orNull(v.status),
      callerState: orNull(v.callerState)?.toUpperCase() ?? null,
      rtbTargetId: idOrNull(v.rtbTargetId),
      source: orNull(v.source),
      medium: orNull(v.medium),
      utmCampaign: orNull(v.utmCampaign),
      utmTerm: orNull(v.utmTerm),
      utmContent: orNull(v.utmContent),
      param: v.paramName !== NONE && paramValue !== '' ? paramFilter(v.paramName, paramValue) : null,
    },
    chartType: v.chartType,
  }
}

const FIELDS: Record<string, keyof ReportFormValues> = {
  dimensions: 'dimension1',
  'dimensions.0': 'dimension1',
  'dimensions.1': 'dimension2',
  metrics: 'metrics',
  range: 'range',
  from: 'from',
  to: 'to',
  chartType: 'chartType',
  campaignId: 'campaignId',
  buyerId: 'buyerId',
  status: 'status',
  callerState: 'callerState',
  rtbTargetId: 'rtbTargetId',
  source: 'source',
  medium: 'medium',
  utmCampaign: 'utmCampaign',
  utmTerm: 'utmTerm',
  utmContent: 'utmContent',
  parameter: 'parameter',
  param: 'paramValue',
}

/**
 * The builder field of a server error's `details.field`: `metrics.2`, `filters.buyerId`
 * and `spec.range` (as a saved report's body names it) all find theirs; `filters.param`
 * lands on the URL parameter filter's value.
 */
export function reportFieldFor(apiField: string): keyof ReportFormValues | undefined {
  const path = normalizeApiField(apiField).replace(/^spec\./, '').replace(/^filters\./, '')
  return FIELDS[path] ?? FIELDS[path.split('.')[0] ?? '']
}
