/** Campaigns: `/api/campaigns` (docs/api/management.md), typed from openapi.json. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, type ListResult } from './client'
import { MAX_PAGE, type ListParams } from './list'
import { queryKeys } from './queryKeys'
import type { CampaignBuyerInput, CampaignInput, CampaignSummary, SimulateInput } from './types'

export function listCampaigns(params: ListParams, signal?: AbortSignal): Promise<ListResult<CampaignSummary>> {
  return api.list('/api/campaigns', { query: params, signal })
}

export function getCampaign(id: string, signal?: AbortSignal) {
  return api.get('/api/campaigns/{id}', { params: { id }, signal })
}

export function createCampaign(input: CampaignInput) {
  return api.post('/api/campaigns', input)
}

export function updateCampaign(id: string, input: CampaignInput) {
  return api.put('/api/campaigns/{id}', input, { params: { id } })
}

export function patchCampaign(id: string, input: CampaignInput) {
  return api.patch('/api/campaigns/{id}', input, { params: { id } })
}

export function deleteCampaign(id: string) {
  return api.delete('/api/campaigns/{id}', { params: { id } })
}

/** Replaces the campaign's buyers with this set. */
export function setCampaignBuyers(id: string, buyers: CampaignBuyerInput[]) {
  return api.put('/api/campaigns/{id}/buyers', buyers, { params: { id } })
}

export function assignCampaignNumber(id: string, phoneNumberId: number) {
  return api.post('/api/campaigns/{id}/numbers', { phoneNumberId }, { params: { id } })
}

export function allocateCampaignNumbers(id: string, count: number) {
  return api.post('/api/campaigns/{id}/numbers/allocate', { count }, { params: { id } })
}

export function releaseCampaignNumber(id: string, phoneNumberId: number) {
  return api.delete('/api/campaigns/{id}/numbers/{phone_number_id}', { params: { id, phone_number_id: phoneNumberId } })
}

/**
 * A test call: which buyer would get a call from this caller at this time, with the
 * routing trace. Nothing is dialled and no cap or counter is used.
 */
export function simulateCall(id: string, input: SimulateInput) {
  return api.post('/api/campaigns/{id}/simulate', input, { params: { id } })
}

export function useSimulateCall(id: string) {
  return useMutation({ mutationFn: (input: SimulateInput) => simulateCall(id, input) })
}

/** Every campaign (first 200 by name), for pickers such as the call explorer's filter. */
export function useCampaignOptions() {
  return useQuery({
    queryKey: queryKeys.campaigns.options,
    queryFn: ({ signal }) => listCampaigns({ limit: MAX_PAGE, offset: 0, sort: 'name', order: 'asc' }, signal),
  })
}

/** The activation checklist: what the campaign still needs before it may go live. */
export function getCampaignReadiness(id: string, signal?: AbortSignal) {
  return api.get('/api/campaigns/{id}/readiness', { params: { id }, signal })
}

export function useCampaignReadiness(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.campaigns.readiness(id ?? ''),
    queryFn: ({ signal }) => getCampaignReadiness(id ?? '', signal),
    enabled: Boolean(id),
  })
}

/** Sets the campaign live (or back to another status); refreshes the campaign and its checklist. */
export function useSetCampaignStatus(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (status: CampaignInput['status']) => patchCampaign(id, { status }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.all }),
  })
}

export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.campaigns.detail(id ?? ''),
    queryFn: ({ signal }) => getCampaign(id ?? '', signal),
    enabled: Boolean(id),
  })
}

export function useDeleteCampaign() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteCampaign,
    // The detail is dropped, not refetched: it would only answer 404 now.
    onSuccess: (_out, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.campaigns.detail(id) })
      void queryClient.invalidateQueries({ queryKey: queryKeys.phoneNumbers.all })
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.options })
      return queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.list })
    },
  })
}
