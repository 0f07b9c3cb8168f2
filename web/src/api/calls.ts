/**
 * Calls: `/api/calls` (docs/api/calls.md). The list answers `{calls, total, hasMore}`
 * (the total is in the body, unlike the management lists' `X-Total-Count`).
 */
import { useQuery } from '@tanstack/react-query'
import { api, type ListResult, type PathSuffixes } from './client'
import type { ListParams } from './list'
import { queryKeys } from './queryKeys'
import type { CallDetail, CallSummary } from './types'

/** The filters of the list and the export, as the API names them. */
export const CALL_FILTERS = [
  'search',
  'from',
  'to',
  'campaignId',
  'status',
  'buyerId',
  'callerState',
  'callerCity',
  'minRevenue',
  'maxRevenue',
  'source',
  'medium',
  'utmCampaign',
  'utmTerm',
  'utmContent',
  'clickId',
  'visitorId',
  'param',
] as const

/** A page of calls, in the shape `useListQuery` pages through, plus `hasMore`. */
export type CallsResult = ListResult<CallSummary> & { hasMore: boolean }

export async function listCalls(params: ListParams, signal?: AbortSignal): Promise<CallsResult> {
  const page = await api.get('/api/calls', { query: params, signal })
  return { items: page.calls, total: page.total, hasMore: page.hasMore }
}

export function getCall(id: number, signal?: AbortSignal): Promise<CallDetail> {
  return api.get('/api/calls/{id}', { params: { id }, signal })
}

export function useCall(id: number | undefined) {
  return useQuery({
    queryKey: queryKeys.calls.detail(id ?? 0),
    queryFn: ({ signal }) => getCall(id ?? 0, signal),
    enabled: id !== undefined,
  })
}

/**
 * The formats of the call export (`GET /api/calls/export.{format}` in openapi.json): CSV
 * streams every row; Excel and PDF are built on the server.
 */
export type CallsExportFormat = PathSuffixes<'/api/calls/export.'>

/**
 * The URL of the export of every call matching `filters` (no paging), in `sort`/`order`.
 * A plain link: the browser downloads it with the session cookie.
 */
export function callsExportUrl(
  filters: Record<string, string>,
  sort?: { sort?: string; order?: string },
  format: CallsExportFormat = 'csv',
): string {
  const query = new URLSearchParams()
  for (const key of CALL_FILTERS) {
    const value = filters[key]
    if (value) query.set(key, value)
  }
  if (sort?.sort) query.set('sort', sort.sort)
  if (sort?.order) query.set('order', sort.order)
  const qs = query.toString()
  return qs ? `/api/calls/export.${format}?${qs}` : `/api/calls/export.${format}`
}
