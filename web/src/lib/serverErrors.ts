/**
 * Puts the server's validation (422) and conflict (409) errors on the form field they name.
 * The API names fields as it spells them (`dailyCap`, `rtb.minBid`, `buyers[1].weight`); a
 * field map translates those to the form's own paths.
 */
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form'
import { isApiError, type ErrorDetails } from '@/api/client'
import type { HeldBy } from '@/api/types'

export type FieldMap<T extends FieldValues> =
  | Partial<Record<string, Path<T>>>
  | ((apiField: string) => Path<T> | undefined)

export interface ServerErrorOutcome<T extends FieldValues> {
  /** The form field the error was put on, if any. */
  field?: Path<T>
  /** What to tell the user (with who holds the thing for a 409). */
  message: string
}

/** `buyers[1].weight` -> `buyers.1.weight`. */
export function normalizeApiField(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '')
}

function isHeldBy(value: unknown): value is HeldBy {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (v.kind === 'campaign' || v.kind === 'pool') && typeof v.name === 'string'
}

/** `campaign “Spring Promo”` for a 409's `details.heldBy`. */
export function heldByText(details: ErrorDetails | undefined): string | undefined {
  const heldBy = details?.heldBy
  return isHeldBy(heldBy) ? `${heldBy.kind} “${heldBy.name}”` : undefined
}

/** The message to show for any error: the reason and holder of a conflict, else the message. */
export function serverErrorMessage(error: unknown): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : 'Something went wrong. Please try again.'
  const reason = typeof error.details?.reason === 'string' ? error.details.reason : undefined
  const holder = heldByText(error.details)
  if (error.status === 409) {
    const text = reason ?? error.message
    return holder ? `${text} (held by ${holder})` : text
  }
  if (error.status === 422 || error.status === 400) return reason ?? error.message
  return error.message
}

function valueAt(values: unknown, path: string): unknown {
  let current: unknown = values
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

function resolveField<T extends FieldValues>(
  apiField: string,
  fieldMap: FieldMap<T>,
  values: T,
): Path<T> | undefined {
  const normalized = normalizeApiField(apiField)
  if (typeof fieldMap === 'function') {
    const mapped = fieldMap(normalized)
    if (mapped) return mapped
  } else {
    const direct = fieldMap[normalized] ?? fieldMap[apiField]
    if (direct) return direct
    // `rtb.minBid` may be mapped by its last part, `buyers.1.weight` by its first.
    const last = normalized.split('.').at(-1) ?? normalized
    const head = normalized.split('.')[0] ?? normalized
    const partial = normalized.includes('.') ? (fieldMap[last] ?? fieldMap[head]) : undefined
    if (partial) return partial
  }
  return valueAt(values, normalized) !== undefined ? (normalized as Path<T>) : undefined
}

/**
 * Sets the error of the field the server named (`details.field`) and returns it with the
 * message. An error that names no known field gets no field: show `message` in an alert.
 */
export function applyServerErrors<T extends FieldValues>(
  form: Pick<UseFormReturn<T>, 'setError' | 'getValues'>,
  error: unknown,
  fieldMap: FieldMap<T> = {},
  options: { shouldFocus?: boolean } = {},
): ServerErrorOutcome<T> {
  const message = serverErrorMessage(error)
  if (!isApiError(error) || ![400, 409, 422].includes(error.status)) return { message }
  const apiField = error.details?.field
  if (typeof apiField !== 'string' || apiField === '') return { message }
  const field = resolveField(apiField, fieldMap, form.getValues())
  if (!field) return { message }
  form.setError(field, { type: 'server', message }, { shouldFocus: options.shouldFocus ?? true })
  return { field, message }
}
