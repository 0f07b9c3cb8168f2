/** RTB management: `/api/rtb/*` (tag "rtb" of openapi.json). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { queryKeys } from './queryKeys'
import type { ListParams } from './list'
import type { components } from './schema'

type Schemas = components['schemas']
export type RtbTarget = Schemas['RtbTargetOut']
export type RtbTargetInput = Schemas['RtbTargetIn']
export type TestBid = Schemas['TestBidOut']
export type BidRequest = Schemas['BidRequestOut']
export type BidResponse = Schemas['BidResponseOut']
export type RtbAnalytics = Schemas['RtbAnalyticsOut']
export type CampaignRtbTarget = Schemas['CampaignRtbTargetOut']
export type CampaignRtbTargetInput = Schemas['CampaignRtbTargetIn']

export const rtbKeys = {
  all: ['rtb'] as const,
  targets: ['rtb', 'targets'] as const,
  targetOptions: ['rtb', 'targets', 'options'] as const,
  auctions: ['rtb', 'auctions'] as const,
  responses: (requestId: string) => ['rtb', 'responses', requestId] as const,
  analytics: (from: string, to: string) => ['rtb', 'analytics', from, to] as const,
  campaignTargets: (campaignId: string) => ['rtb', 'campaign', campaignId] as const,
}

export function listRtbTargets(params: ListParams, signal?: AbortSignal) {
  return api.list('/api/rtb/targets', { query: params, signal })
}

export function listBidRequests(params: ListParams, signal?: AbortSignal) {
  return api.list('/api/rtb/bid-requests', { query: params, signal })
}

export function useRtbTargetOptions() {
  return useQuery({
    queryKey: rtbKeys.targetOptions,
    queryFn: ({ signal }) => listRtbTargets({ limit: 200, offset: 0, sort: 'name', order: 'asc' }, signal),
  })
}

export function useSaveRtbTarget() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: RtbTargetInput }): Promise<unknown> =>
      id === undefined ? api.post('/api/rtb/targets', input) : api.patch('/api/rtb/targets/{id}', input, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rtbKeys.all }),
  })
}

export function useDeleteRtbTarget() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api.delete('/api/rtb/targets/{id}', { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rtbKeys.all }),
  })
}

export function useTestRtbTarget() {
  return useMutation({ mutationFn: (id: number) => api.post('/api/rtb/targets/{id}/test', undefined, { params: { id } }) })
}

export function useBidResponses(requestId: string | undefined) {
  return useQuery({
    queryKey: rtbKeys.responses(requestId ?? ''),
    queryFn: ({ signal }) => api.get('/api/rtb/bid-requests/{requestId}/responses', { params: { requestId: requestId ?? '' }, signal }),
    enabled: requestId !== undefined,
  })
}

/** RTB analytics from the day `from` to the day `to` (both included, the user's time zone). */
export function useRtbAnalytics(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: rtbKeys.analytics(from, to),
    queryFn: ({ signal }) => api.get('/api/rtb/analytics', { query: { from: from || undefined, to: to || undefined }, signal }),
    enabled,
    // Keep the last period on screen while another one loads.
    placeholderData: (previous) => previous,
  })
}

export function getCampaignRtbTargets(campaignId: string, signal?: AbortSignal) {
  return api.get('/api/rtb/campaigns/{campaignId}/targets', { params: { campaignId }, signal })
}

/** Replaces the RTB targets that bid on the campaign with this set. */
export function setCampaignRtbTargets(campaignId: string, input: CampaignRtbTargetInput[]) {
  return api.put('/api/rtb/campaigns/{campaignId}/targets', input, { params: { campaignId } })
}

export function useCampaignRtbTargets(campaignId: string, enabled = true) {
  return useQuery({
    queryKey: rtbKeys.campaignTargets(campaignId),
    queryFn: ({ signal }) => getCampaignRtbTargets(campaignId, signal),
    enabled,
  })
}

export function useSaveCampaignRtbTargets(campaignId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: CampaignRtbTargetInput[]) => setCampaignRtbTargets(campaignId, input),
    onSuccess: (data) => {
      queryClient.setQueryData(rtbKeys.campaignTargets(campaignId), data)
      // The activation checklist counts the targets.
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.readiness(campaignId) })
    },
  })
}
