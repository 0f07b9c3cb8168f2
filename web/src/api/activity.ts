/**
 * The dashboard's activity feed: `GET /api/activity?limit=N` (docs/api/reports.md),
 * newest first, typed from openapi.json. New entries are announced on `/api/events` as
 * `activity` events (see hooks/useLiveCallEvents.ts).
 */
import { useQuery } from '@tanstack/react-query'
import { api, type KnownValues } from './client'
import { queryKeys } from './queryKeys'
import type { components } from './schema'

export type ActivitySeverity = KnownValues<components['schemas']['ActivityOut']['severity'], 'info' | 'warning' | 'error'>

/**
 * Kinds: `campaign.created|updated|deleted|status`, `buyer.created|updated|deleted`,
 * `rtb_target.created|updated|deleted`, `report.delivery_failed`, `alert.*`.
 */
export type ActivityEntry = components['schemas']['ActivityOut']

export const DEFAULT_ACTIVITY_LIMIT = 20

export function listActivity(limit: number, signal?: AbortSignal) {
  return api.get('/api/activity', { query: { limit }, signal })
}

export function useActivity(limit = DEFAULT_ACTIVITY_LIMIT) {
  return useQuery({
    queryKey: queryKeys.activity.list(limit),
    queryFn: ({ signal }) => listActivity(limit, signal),
    select: (data) => data.activity,
  })
}
