import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { queryKeys } from '@/api/queryKeys'

export type LiveStatus = 'connecting' | 'live' | 'reconnecting'

/** At most one invalidation per this many milliseconds. */
export const LIVE_INVALIDATE_INTERVAL_MS = 1000

/** What an event makes stale: the call figures, or the activity feed. */
type Topic = 'calls' | 'activity'

const TOPIC_KEYS: Record<Topic, readonly (readonly unknown[])[]> = {
  calls: [queryKeys.dashboardStats, queryKeys.historicalStats.all, queryKeys.calls.list],
  activity: [queryKeys.activity.all],
}

/**
 * Listens to `GET /api/events` (server-sent events) and refreshes the dashboard stats, the
 * historical stats and the calls list when a call is created or updated (`call`), the
 * activity feed when something is logged (`activity`), and everything when the server asks
 * for it (`resync`). Invalidations are throttled to one round per second. EventSource
 * reconnects by itself; the returned status follows its open/error callbacks.
 */
export function useLiveCallEvents(): LiveStatus {
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<LiveStatus>('connecting')

  useEffect(() => {
    if (typeof EventSource === 'undefined') return
    const source = new EventSource('/api/events')
    let timer: ReturnType<typeof setTimeout> | undefined
    let lastRun = 0
    const pending = new Set<Topic>()

    const invalidate = () => {
      timer = undefined
      lastRun = Date.now()
      for (const topic of ['calls', 'activity'] as const) {
        if (!pending.has(topic)) continue
        for (const queryKey of TOPIC_KEYS[topic]) void queryClient.invalidateQueries({ queryKey })
      }
      pending.clear()
    }
    const schedule = (...topics: Topic[]) => {
      for (const topic of topics) pending.add(topic)
      if (timer !== undefined) return
      const wait = Math.max(0, lastRun + LIVE_INVALIDATE_INTERVAL_MS - Date.now())
      timer = setTimeout(invalidate, wait)
    }

    source.onopen = () => setStatus('live')
    source.onerror = () => setStatus('reconnecting')
    source.addEventListener('call', () => schedule('calls'))
    source.addEventListener('activity', () => schedule('activity'))
    source.addEventListener('resync', () => schedule('calls', 'activity'))

    return () => {
      if (timer !== undefined) clearTimeout(timer)
      source.close()
    }
  }, [queryClient])

  return status
}
