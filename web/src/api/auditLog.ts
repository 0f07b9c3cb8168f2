/**
 * The account's audit log (`/api/audit-log*`), for owners and admins: the entries newest
 * first (total in `X-Total-Count`), their CSV export, and the check of the hash chain.
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { api } from './client'
import type { components } from './schema'

export type AuditEntry = components['schemas']['AuditEntryOut']
export type AuditVerify = components['schemas']['AuditVerifyOut']

/** The list's filters, as the API names them ('' = not set). */
export interface AuditFilters {
  search: string
  from: string
  to: string
  /** A member's user id. */
  actor: string
}

export const AUDIT_PAGE_SIZE = 50

function filterQuery(filters: AuditFilters): Record<string, string> {
  const query: Record<string, string> = {}
  for (const key of ['search', 'from', 'to', 'actor'] as const) {
    const value = filters[key].trim()
    if (value) query[key] = value
  }
  return query
}

export function useAuditLog(filters: AuditFilters, offset: number, enabled = true) {
  const query = { ...filterQuery(filters), limit: AUDIT_PAGE_SIZE, offset }
  return useQuery({
    queryKey: ['audit-log', 'list', query] as const,
    queryFn: ({ signal }) => api.list('/api/audit-log', { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  })
}

/** The URL of the CSV of every entry matching `filters`: a plain link, downloaded with the session cookie. */
export function auditExportUrl(filters: AuditFilters): string {
  const qs = new URLSearchParams(filterQuery(filters)).toString()
  return qs ? `/api/audit-log/export.csv?${qs}` : '/api/audit-log/export.csv'
}

export function useVerifyAuditLog() {
  return useMutation({ mutationFn: () => api.get('/api/audit-log/verify') })
}
