/** Shared bits of the member's own settings forms (Profile, Password). */
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form'
import { applyServerErrors } from '@/lib/serverErrors'

/**
 * "is not correct" + "Current password" -> "Current password is not correct"; a message that
 * already reads as a sentence (starts with a capital) is kept.
 */
export function fieldSentence(label: string, reason: string): string {
  if (reason === '' || /^[A-Z]/.test(reason)) return reason
  return `${label} ${reason}`
}

/**
 * Puts the server's error on the field it names, worded with the field's label; returns the
 * message to show above the form when it names no field of the form.
 */
export function showServerError<T extends FieldValues>(
  form: Pick<UseFormReturn<T>, 'setError' | 'getValues'>,
  error: unknown,
  labels: Partial<Record<Path<T>, string>>,
): string | undefined {
  const outcome = applyServerErrors(form, error)
  if (!outcome.field) return outcome.message
  const label = labels[outcome.field]
  if (label) form.setError(outcome.field, { type: 'server', message: fieldSentence(label, outcome.message) }, { shouldFocus: true })
  return undefined
}
