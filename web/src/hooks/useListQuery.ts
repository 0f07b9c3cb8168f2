/**
 * State and data of a server-side list: filters, sorting and paging, sent to the API as
 * `limit`/`offset`/`sort`/`order` plus the filters, with the total read from `X-Total-Count`.
 *
 * The state lives in the URL's query string by default (`?status=active&page=2&sort=name`),
 * so a reload, the back button and a shared link keep it; pass `syncUrl: false` for a list
 * inside a dialog.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import type { ListResult } from '@/api/client'
import type { ListParams } from '@/api/list'
import type { SortOrder } from '@/api/types'

export const PAGE_SIZES = [10, 25, 50, 100] as const

export interface ListQueryOptions<T> {
  /** Prefix of the query key; the parameters are appended. */
  queryKey: readonly unknown[]
  fetcher: (params: ListParams, signal: AbortSignal) => Promise<ListResult<T>>
  /** Names of the filters this list sends when they are set (e.g. status, search). */
  filterKeys?: readonly string[]
  defaultSort?: { sort: string; order: SortOrder }
  pageSize?: number
  syncUrl?: boolean
}

type State = Record<string, string>
type Updater = (previous: State) => State

function useUrlState(): [State, (update: Updater) => void] {
  const [searchParams, setSearchParams] = useSearchParams()
  const state = useMemo(() => Object.fromEntries(searchParams.entries()), [searchParams])
  const update = useCallback(
    (fn: Updater) =>
      setSearchParams(
        (previous) => {
          const next = fn(Object.fromEntries(previous.entries()))
          return new URLSearchParams(Object.entries(next).filter(([, v]) => v !== ''))
        },
        { replace: true },
      ),
    [setSearchParams],
  )
  return [state, update]
}

function useLocalState(): [State, (update: Updater) => void] {
  const [state, setState] = useState<State>({})
  const update = useCallback((fn: Updater) => setState((previous) => fn(previous)), [])
  return [state, update]
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value)
  return Number.isInteger(n) && n >= 1 ? n : fallback
}

export function useListQuery<T>({
  queryKey,
  fetcher,
  filterKeys = [],
  defaultSort,
  pageSize: defaultPageSize = 25,
  syncUrl = true,
}: ListQueryOptions<T>) {
  const urlState = useUrlState()
  const localState = useLocalState()
  const [state, update] = syncUrl ? urlState : localState

  const page = positiveInt(state.page, 1)
  const pageSize = (PAGE_SIZES as readonly number[]).includes(Number(state.size)) ? Number(state.size) : defaultPageSize
  const sort = state.sort || defaultSort?.sort
  const order: SortOrder | undefined =
    state.order === 'asc' || state.order === 'desc' ? state.order : state.sort ? 'asc' : defaultSort?.order

  const filterKeyList = filterKeys.join(',')
  const filters = useMemo(() => {
    const values: Record<string, string> = {}
    for (const key of filterKeyList.split(',').filter(Boolean)) values[key] = state[key] ?? ''
    return values
  }, [state, filterKeyList])

  const params = useMemo<ListParams>(() => {
    const p: ListParams = { limit: pageSize, offset: (page - 1) * pageSize }
    if (sort) p.sort = sort
    if (order) p.order = order
    for (const [key, value] of Object.entries(filters)) if (value !== '') p[key] = value
    return p
  }, [page, pageSize, sort, order, filters])

  const query = useQuery({
    queryKey: [...queryKey, params],
    queryFn: ({ signal }) => fetcher(params, signal),
    placeholderData: keepPreviousData,
  })

  const total = query.data?.total ?? 0
  const pageCount = Math.max(1, Math.ceil(total / pageSize))

  const setFilter = useCallback(
    (key: string, value: string) =>
      update((previous) => {
        if ((previous[key] ?? '') === value) return previous
        const { page: _page, ...rest } = previous
        return { ...rest, [key]: value }
      }),
    [update],
  )

  const clearFilters = useCallback(
    () =>
      update((previous) => {
        const next = { ...previous }
        for (const key of filterKeyList.split(',')) delete next[key]
        delete next.page
        return next
      }),
    [update, filterKeyList],
  )

  const setSort = useCallback(
    (column: string) =>
      update((previous) => {
        const currentSort = previous.sort || defaultSort?.sort
        const currentOrder = previous.order || (previous.sort ? 'asc' : defaultSort?.order)
        const nextOrder = currentSort === column && currentOrder === 'asc' ? 'desc' : 'asc'
        const { page: _page, ...rest } = previous
        return { ...rest, sort: column, order: nextOrder }
      }),
    [update, defaultSort?.sort, defaultSort?.order],
  )

  const setPage = useCallback((next: number) => update((previous) => ({ ...previous, page: String(next) })), [update])
  const setPageSize = useCallback(
    (size: number) =>
      update((previous) => {
        const { page: _page, ...rest } = previous
        return { ...rest, size: String(size) }
      }),
    [update],
  )

  // A delete can leave the current page past the end: step back to the last one.
  const items = query.data?.items
  useEffect(() => {
    if (items && items.length === 0 && page > 1 && total > 0) setPage(pageCount)
  }, [items, page, total, pageCount, setPage])

  const filterCount = Object.values(filters).filter((value) => value !== '').length
  const hasFilters = filterCount > 0

  return {
    query,
    items,
    total,
    page,
    pageSize,
    pageCount,
    sort,
    order,
    filters,
    hasFilters,
    /** How many filters are set. */
    filterCount,
    params,
    setFilter,
    clearFilters,
    setSort,
    setPage,
    setPageSize,
  }
}

export type ListQuery<T> = ReturnType<typeof useListQuery<T>>
