/**
 * The date-range picker's state in the URL's query string (`?range=last7` or
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD`, and `&compare=1`), so a reload or a shared link shows
 * the same period, with the days it covers (and the previous period's) resolved in the
 * user's time zone.
 */
import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { useCurrentUser } from '@/api/auth'
import {
  previousPeriod,
  readRangeParams,
  resolveRange,
  todayIn,
  writeRangeParams,
  type DayRange,
  type RangePreset,
  type RangeState,
} from '@/lib/dateRange'

export interface DateRangeParams {
  state: RangeState
  setState: (next: RangeState) => void
  /** Today in the user's time zone. */
  today: string
  /** The days chosen. */
  days: DayRange
  /** The days compared with, when compare is on. */
  previous: DayRange | undefined
}

export function useDateRangeParams(fallback: RangePreset): DateRangeParams {
  const [searchParams, setSearchParams] = useSearchParams()
  const timeZone = useCurrentUser().data?.timeZone
  const today = todayIn(timeZone)
  const state = useMemo(() => readRangeParams(searchParams, fallback), [searchParams, fallback])
  const setState = useCallback(
    (next: RangeState) => setSearchParams((current) => writeRangeParams(current, next), { replace: true }),
    [setSearchParams],
  )
  const days = useMemo(() => resolveRange(state.selection, today), [state.selection, today])
  const previous = useMemo(() => (state.compare ? previousPeriod(days) : undefined), [state.compare, days])
  return { state, setState, today, days, previous }
}
