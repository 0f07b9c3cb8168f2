import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { queryKeys } from '@/api/queryKeys'
import { FakeEventSource, stubEventSource } from '@/test/fakeEventSource'
import { useLiveCallEvents } from './useLiveCallEvents'

function setup() {
  const queryClient = new QueryClient()
  const invalidate = vi.spyOn(queryClient, 'invalidateQueries').mockResolvedValue()
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  )
  const hook = renderHook(() => useLiveCallEvents(), { wrapper })
  return { hook, invalidate, source: FakeEventSource.latest() }
}

describe('useLiveCallEvents', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    stubEventSource()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('invalidates stats, history and calls at most once per second', () => {
    const { invalidate, source } = setup()

    act(() => {
      source.emit('call', { kind: 'call.created', callSid: 'CA1', status: 'ringing' })
      source.emit('call', { kind: 'call.updated', callSid: 'CA1', status: 'in-progress' })
      vi.advanceTimersByTime(0)
    })
    expect(invalidate.mock.calls.map(([filters]) => filters?.queryKey)).toEqual([
      queryKeys.dashboardStats,
      queryKeys.historicalStats.all,
      queryKeys.calls.list,
    ])

    act(() => {
      source.emit('call', { kind: 'call.updated', callSid: 'CA1', status: 'completed' })
      vi.advanceTimersByTime(500)
    })
    expect(invalidate).toHaveBeenCalledTimes(3)

    act(() => vi.advanceTimersByTime(500))
    expect(invalidate).toHaveBeenCalledTimes(6)
  })

  it('refreshes only the activity feed on an activity event, and everything on resync', () => {
    const { invalidate, source } = setup()

    act(() => {
      source.emit('activity', { kind: 'campaign.created' })
      vi.advanceTimersByTime(0)
    })
    expect(invalidate.mock.calls.map(([filters]) => filters?.queryKey)).toEqual([queryKeys.activity.all])

    invalidate.mockClear()
    act(() => {
      source.emit('resync')
      vi.advanceTimersByTime(1000)
    })
    expect(invalidate.mock.calls.map(([filters]) => filters?.queryKey)).toEqual([
      queryKeys.dashboardStats,
      queryKeys.historicalStats.all,
      queryKeys.calls.list,
      queryKeys.activity.all,
    ])
  })

  it('reports live and reconnecting, and closes the stream on unmount', () => {
    const { hook, source } = setup()
    expect(hook.result.current).toBe('connecting')
    act(() => source.open())
    expect(hook.result.current).toBe('live')
    act(() => source.fail())
    expect(hook.result.current).toBe('reconnecting')
    hook.unmount()
    expect(source.closed).toBe(true)
  })
})
