/**
 * Inbound conversions: a campaign's postback token (`/api/campaigns/{id}/postback`), a call's
 * conversion reports (`/api/calls/{id}/conversions`, `POST /api/conversions`) and its tags
 * (`/api/calls/{id}/tags`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { queryKeys } from './queryKeys'
import type { components } from './schema'

type Schemas = components['schemas']

export type Postback = Schemas['PostbackOut']
export type Conversion = Schemas['ConversionOut']
export type ConversionLogEntry = Schemas['ConversionLogOut']
export type ConversionReport = Schemas['ConversionReportIn']

export function getPostback(campaignId: string, signal?: AbortSignal) {
  return api.get('/api/campaigns/{id}/postback', { params: { id: campaignId }, signal })
}

export function rotatePostback(campaignId: string) {
  return api.post('/api/campaigns/{id}/postback/rotate', undefined, { params: { id: campaignId } })
}

export function listCallTags(callId: number, signal?: AbortSignal) {
  return api.get('/api/calls/{id}/tags', { params: { id: callId }, signal })
}

export function addCallTags(callId: number, tags: string[]) {
  return api.post('/api/calls/{id}/tags', { tags }, { params: { id: callId } })
}

export function removeCallTag(callId: number, tag: string) {
  return api.delete('/api/calls/{id}/tags/{tag}', { params: { id: callId, tag } })
}

export function listCallConversions(callId: number, signal?: AbortSignal) {
  return api.get('/api/calls/{id}/conversions', { params: { id: callId }, signal })
}

export function reportConversion(input: ConversionReport) {
  return api.post('/api/conversions', input)
}

/**
 * The campaign's postback. Asking makes the token on first use, so only ask when `enabled`
 * (the card is open), never for every campaign of a list.
 */
export function usePostback(campaignId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.campaigns.postback(campaignId),
    queryFn: ({ signal }) => getPostback(campaignId, signal),
    enabled: enabled && campaignId !== '',
    staleTime: Infinity,
  })
}

export function useRotatePostback(campaignId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => rotatePostback(campaignId),
    onSuccess: (out) => queryClient.setQueryData(queryKeys.campaigns.postback(campaignId), out),
  })
}

export function useCallTags(callId: number) {
  return useQuery({ queryKey: queryKeys.calls.tags(callId), queryFn: ({ signal }) => listCallTags(callId, signal) })
}

/** Adds or removes tags; the answer is the call's tags as they are now. */
export function useEditCallTags(callId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (change: { add: string[] } | { remove: string }) =>
      'add' in change ? addCallTags(callId, change.add) : removeCallTag(callId, change.remove),
    onSuccess: (out) => queryClient.setQueryData(queryKeys.calls.tags(callId), out),
  })
}

export function useCallConversions(callId: number) {
  return useQuery({ queryKey: queryKeys.calls.conversions(callId), queryFn: ({ signal }) => listCallConversions(callId, signal) })
}

/** Marks a call converted (or not); then the call, its history, the call list and the figures are asked again. */
export function useReportConversion() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: reportConversion,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.calls.all }),
        queryClient.invalidateQueries({ queryKey: ['stats'] }),
        queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.all }),
      ]),
  })
}
