/**
 * The dashboard's activity feed: `GET /api/activity?limit=N` (docs/api/reports.md),
 * newest first. Hand-written until openapi.json documents it. New entries are announced
 * on `/api/events` as `activity` events (see hooks/useLiveCallEvents.ts).
 */
import { useQuery } from '@tanstack/react-query'
import { request } from './client'
import { queryKeys } from './queryKeys'

export type ActivitySeverity = 'info' | 'warning' | 'error'

/**
 * `campaign.created|updated|deleted|status`, `buyer.created|updated|deleted`,
 * `rtb_target.created|updated|deleted`, `report.delivery_failed`, `alert.*`.
 */
export interface ActivityEntry {
  id: number
  kind: string
  severity: ActivitySeverity
  message: string
  entityType: string | null
  entityId: string | null
  createdAt: string
}

export const DEFAULT_ACTIVITY_LIMIT = 20

export function listActivity(limit: number, signal?: AbortSignal) {
  return request<{ activity: ActivityEntry[] }>('get', '/api/activity', { query: { limit }, signal })
}

export function useActivity(limit = DEFAULT_ACTIVITY_LIMIT) {
  return useQuery({
    queryKey: queryKeys.activity.list(limit),
    queryFn: ({ signal }) => listActivity(limit, signal),
    select: (data) => data.activity,
  })
}
