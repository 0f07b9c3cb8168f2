/** Number pools: `/api/pools` (docs/api/management.md), typed from openapi.json. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { MAX_PAGE, type ListParams } from './list'
import { queryKeys } from './queryKeys'
import type { PoolInput, PoolNumbersInput } from './types'

export function listPools(params: ListParams, signal?: AbortSignal) {
  return api.list('/api/pools', { query: params, signal })
}

export function getPool(id: number, signal?: AbortSignal) {
  return api.get('/api/pools/{id}', { params: { id }, signal })
}

export function createPool(input: PoolInput) {
  return api.post('/api/pools', input)
}

export function updatePool(id: number, input: PoolInput) {
  return api.patch('/api/pools/{id}', input, { params: { id } })
}

export function deletePool(id: number) {
  return api.delete('/api/pools/{id}', { params: { id } })
}

export function addPoolNumbers(id: number, input: PoolNumbersInput) {
  return api.post('/api/pools/{id}/numbers', input, { params: { id } })
}

export function removePoolNumber(id: number, phoneNumberId: number) {
  return api.delete('/api/pools/{id}/numbers/{phone_number_id}', { params: { id, phone_number_id: phoneNumberId } })
}

export function usePool(id: number | undefined) {
  return useQuery({
    queryKey: queryKeys.pools.detail(id ?? 0),
    queryFn: ({ signal }) => getPool(id ?? 0, signal),
    enabled: id !== undefined && Number.isFinite(id),
  })
}

/** Every pool (first 200 by name), for the campaign wizard's pool picker. */
export function usePoolOptions(enabled = true) {
  return useQuery({
    queryKey: queryKeys.pools.options,
    queryFn: ({ signal }) => listPools({ limit: MAX_PAGE, offset: 0, sort: 'name', order: 'asc' }, signal),
    enabled,
  })
}

function useInvalidatePools() {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.pools.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.phoneNumbers.all }),
    ])
}

export function useSavePool() {
  const invalidate = useInvalidatePools()
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: PoolInput }): Promise<{ id: number }> =>
      id === undefined ? createPool(input) : updatePool(id, input),
    onSuccess: invalidate,
  })
}

export function useDeletePool() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deletePool,
    // The detail is dropped, not refetched: it would only answer 404 now.
    onSuccess: (_out, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.pools.detail(id) })
      void queryClient.invalidateQueries({ queryKey: queryKeys.phoneNumbers.all })
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.all })
      return queryClient.invalidateQueries({ queryKey: queryKeys.pools.list })
    },
  })
}

export function useAddPoolNumbers(id: number) {
  const invalidate = useInvalidatePools()
  return useMutation({ mutationFn: (input: PoolNumbersInput) => addPoolNumbers(id, input), onSuccess: invalidate })
}

export function useRemovePoolNumber(id: number) {
  const invalidate = useInvalidatePools()
  return useMutation({ mutationFn: (phoneNumberId: number) => removePoolNumber(id, phoneNumberId), onSuccess: invalidate })
}
