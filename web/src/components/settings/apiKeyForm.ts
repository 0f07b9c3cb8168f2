/** Form values of a new API key, their checks, and their conversion to the API's shape. */
import { z } from 'zod'
import type { ApiKeyInput, ScopeFamily } from '@/api/apiKeys'

/** What a key may do with one family: nothing, read, or read and write. */
export type ScopeLevel = 'none' | 'read' | 'write'

export const SCOPE_LEVELS: readonly { value: ScopeLevel; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'read', label: 'Read' },
  { value: 'write', label: 'Write' },
]

export const apiKeyFormSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the key, e.g. after the tool that uses it').max(100, 'At most 100 characters'),
    scopes: z.record(z.string(), z.enum(['none', 'read', 'write'])),
    allowedIps: z.string(),
    expiresAt: z.string(),
  })
  .superRefine((v, ctx) => {
    if (!Object.values(v.scopes).some((level) => level !== 'none')) {
      ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'Give the key read or write access to at least one family' })
    }
    if (v.expiresAt !== '') {
      const at = new Date(v.expiresAt)
      if (Number.isNaN(at.getTime())) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'Enter a date and time' })
      else if (at.getTime() <= Date.now()) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'Pick a moment in the future' })
    }
  })

export type ApiKeyFormValues = z.infer<typeof apiKeyFormSchema>

export function emptyApiKeyForm(): ApiKeyFormValues {
  return { name: '', scopes: {}, allowedIps: '', expiresAt: '' }
}

/** The addresses of the textarea: one a line, trimmed, blank lines left out. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** The `family:level` scopes picked, in the order of the families (write includes read, so only write is sent). */
export function pickedScopes(families: readonly ScopeFamily[], levels: Record<string, ScopeLevel>): string[] {
  return families.flatMap((family) => {
    const level = levels[family.family] ?? 'none'
    if (level === 'none') return []
    return [family.scopes.find((scope) => scope.endsWith(`:${level}`)) ?? `${family.family}:${level}`]
  })
}

/** The body of POST /api/settings/api-keys: optional fields only when filled; the expiry as ISO 8601 (UTC). */
export function apiKeyInput(values: ApiKeyFormValues, families: readonly ScopeFamily[]): ApiKeyInput {
  const input: ApiKeyInput = { name: values.name.trim(), scopes: pickedScopes(families, values.scopes) }
  const allowedIps = splitAddresses(values.allowedIps)
  if (allowedIps.length > 0) input.allowedIps = allowedIps
  if (values.expiresAt !== '') input.expiresAt = new Date(values.expiresAt).toISOString()
  return input
}

/** The form field a 422's `details.field` names. */
export function apiKeyFieldMap(field: string): keyof ApiKeyFormValues | undefined {
  if (field === 'name' || field === 'allowedIps' || field === 'expiresAt' || field === 'scopes') return field
  if (field.startsWith('allowedIps')) return 'allowedIps'
  if (field.startsWith('scopes')) return 'scopes'
  return undefined
}

/** Scopes grouped by family for display: `calls:write` -> { family: 'calls', level: 'write' }. */
export function groupScopes(scopes: readonly string[]): { family: string; level: string }[] {
  const byFamily = new Map<string, string>()
  for (const scope of scopes) {
    const [family = scope, level = ''] = scope.split(':')
    const current = byFamily.get(family)
    // Write includes read: show the wider one.
    if (current !== 'write') byFamily.set(family, level)
  }
  return Array.from(byFamily, ([family, level]) => ({ family, level }))
}

/** A GET endpoint the key can call, for the usage example. */
export function exampleEndpoint(scopes: readonly string[]): string {
  const families = new Set(scopes.map((scope) => scope.split(':')[0]))
  if (families.has('calls')) return '/api/calls'
  if (families.has('campaigns')) return '/api/campaigns'
  if (families.has('buyers')) return '/api/buyers'
  return '/api/calls'
}
