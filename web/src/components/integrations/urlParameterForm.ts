/** Form values of a tracked URL parameter, their checks, and their conversion to and from the API shape. */
import { z } from 'zod'
import { URL_PARAMETER_SCOPES, URL_PARAMETER_TYPES, type UrlParameter, type UrlParameterInput } from '@/api/urlParameters'

export const PARAMETER_TYPE_LABELS: Record<string, string> = { string: 'Text', number: 'Number', boolean: 'Yes/no (true or false)' }
export const TRACKING_SCOPE_LABELS: Record<string, string> = { global: 'All campaigns', campaign: 'One campaign' }
export const PARAMETER_STATUS_LABELS: Record<string, string> = { active: 'Active', inactive: 'Inactive' }

const NAME = /^[A-Za-z0-9_.-]+$/
const NUMBER = /^-?\d+(\.\d+)?$/
const BOOLEAN = /^(true|false)$/i

export const urlParameterFormSchema = z
  .object({
    parameterName: z
      .string()
      .trim()
      .min(1, 'Enter the query parameter’s name')
      .max(100, 'At most 100 characters')
      .regex(NAME, 'Letters, digits, _, - and . only'),
    displayName: z.string().trim().max(255, 'At most 255 characters'),
    parameterType: z.enum(URL_PARAMETER_TYPES),
    defaultValue: z.string().trim().max(500, 'At most 500 characters'),
    trackingScope: z.enum(URL_PARAMETER_SCOPES),
    campaignId: z.string(),
    active: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.trackingScope === 'campaign' && v.campaignId === '') {
      ctx.addIssue({ code: 'custom', path: ['campaignId'], message: 'Choose the campaign' })
    }
    if (v.defaultValue === '') return
    if (v.parameterType === 'number' && !NUMBER.test(v.defaultValue)) {
      ctx.addIssue({ code: 'custom', path: ['defaultValue'], message: 'A number, such as 10 or 2.5' })
    }
    if (v.parameterType === 'boolean' && !BOOLEAN.test(v.defaultValue)) {
      ctx.addIssue({ code: 'custom', path: ['defaultValue'], message: 'true or false' })
    }
  })

export type UrlParameterFormValues = z.infer<typeof urlParameterFormSchema>

const oneOf = <T extends string>(list: readonly T[], value: string, fallback: T): T => list.find((v) => v === value) ?? fallback

export function urlParameterFormValues(parameter?: UrlParameter): UrlParameterFormValues {
  if (!parameter) {
    return { parameterName: '', displayName: '', parameterType: 'string', defaultValue: '', trackingScope: 'global', campaignId: '', active: true }
  }
  return {
    parameterName: parameter.parameterName,
    // The server fills in the name when there is no display name: show it empty then.
    displayName: parameter.displayName === parameter.parameterName ? '' : parameter.displayName,
    parameterType: oneOf(URL_PARAMETER_TYPES, parameter.parameterType, 'string'),
    defaultValue: parameter.defaultValue ?? '',
    trackingScope: oneOf(URL_PARAMETER_SCOPES, parameter.trackingScope, 'global'),
    campaignId: parameter.campaignId ?? '',
    active: parameter.status !== 'inactive',
  }
}

/** The whole of a parameter as POST and PUT want it: no campaign unless scoped to one. */
export function urlParameterInput(values: UrlParameterFormValues): UrlParameterInput {
  const campaign = values.trackingScope === 'campaign'
  return {
    parameterName: values.parameterName.trim(),
    displayName: values.displayName.trim() || null,
    parameterType: values.parameterType,
    defaultValue: values.defaultValue.trim() || null,
    trackingScope: values.trackingScope,
    campaignId: campaign ? values.campaignId || null : null,
    status: values.active ? 'active' : 'inactive',
  }
}

/** The API names the fields as the form does, except the status. */
export function urlParameterFieldMap(field: string): keyof UrlParameterFormValues | undefined {
  if (['parameterName', 'displayName', 'parameterType', 'defaultValue', 'trackingScope', 'campaignId'].includes(field)) {
    return field as keyof UrlParameterFormValues
  }
  if (field === 'status') return 'active'
  return undefined
}
