import { useCallback, useEffect, useState } from 'react'

/** How long a log and its figures are asked again every 2 s after a test or replay. */
const WATCH_MS = 20_000

/** True for `WATCH_MS` after each `start()`. */
export function useWatchWindow() {
  const [until, setUntil] = useState(0)
  const watching = until > 0
  useEffect(() => {
    if (!until) return
    const timer = setTimeout(() => setUntil(0), Math.max(0, until - Date.now()))
    return () => clearTimeout(timer)
  }, [until])
  const start = useCallback(() => setUntil(Date.now() + WATCH_MS), [])
  return { watching, start }
}
