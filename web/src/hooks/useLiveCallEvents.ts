import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { queryKeys } from '@/api/queryKeys'

export type LiveStatus = 'connecting' | 'live' | 'reconnecting'

/** At most one invalidation per this many milliseconds. */
export const LIVE_INVALIDATE_INTERVAL_MS = 1000

/**
 * Listens to `GET /api/events` (server-sent events) and refreshes the dashboard stats, the
 * historical stats and the calls list when a call is created or updated (`call`) or the
 * server asks for it (`resync`). Invalidations are throttled to one per second. EventSource
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

    const invalidate = () => {
      timer = undefined
      lastRun = Date.now()
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboardStats })
      void queryClient.invalidateQueries({ queryKey: queryKeys.historicalStats.all })
      void queryClient.invalidateQueries({ queryKey: queryKeys.calls.list })
    }
    const schedule = () => {
      if (timer !== undefined) return
      const wait = Math.max(0, lastRun + LIVE_INVALIDATE_INTERVAL_MS - Date.now())
      timer = setTimeout(invalidate, wait)
    }

    source.onopen = () => setStatus('live')
    source.onerror = () => setStatus('reconnecting')
    source.addEventListener('call', schedule)
    source.addEventListener('resync', schedule)

    return () => {
      if (timer !== undefined) clearTimeout(timer)
      source.close()
    }
  }, [queryClient])

  return status
}
