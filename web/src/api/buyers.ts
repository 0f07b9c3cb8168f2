/** Buyers: `/api/buyers` (docs/api/management.md), typed from openapi.json. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { MAX_PAGE, type ListParams } from './list'
import { queryKeys } from './queryKeys'
import type { BuyerInput } from './types'

export function listBuyers(params: ListParams, signal?: AbortSignal) {
  return api.list('/api/buyers', { query: params, signal })
}

export function getBuyer(id: number, signal?: AbortSignal) {
  return api.get('/api/buyers/{id}', { params: { id }, signal })
}

export function createBuyer(input: BuyerInput) {
  return api.post('/api/buyers', input)
}

export function updateBuyer(id: number, input: BuyerInput) {
  return api.put('/api/buyers/{id}', input, { params: { id } })
}

export function deleteBuyer(id: number) {
  return api.delete('/api/buyers/{id}', { params: { id } })
}

/** Every buyer (first 200 by name), for pickers such as the campaign wizard's buyer step. */
export function useBuyerOptions() {
  return useQuery({
    queryKey: queryKeys.buyers.options,
    queryFn: ({ signal }) => listBuyers({ limit: MAX_PAGE, offset: 0, sort: 'name', order: 'asc' }, signal),
  })
}

/** One buyer with its settings, figures and campaigns (GET /api/buyers/{id}). */
export function useBuyer(id: number | undefined) {
  return useQuery({
    queryKey: queryKeys.buyers.detail(id ?? 0),
    queryFn: ({ signal }) => getBuyer(id ?? 0, signal),
    enabled: id !== undefined && Number.isInteger(id),
  })
}

export function useSaveBuyer() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: BuyerInput }): Promise<{ id: number }> =>
      id === undefined ? createBuyer(input) : updateBuyer(id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.buyers.all }),
  })
}

export function useDeleteBuyer() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteBuyer,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.buyers.all }),
  })
}
