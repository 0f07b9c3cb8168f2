/** Dynamic number insertion: tracking tags and their sessions (`/api/dni/*`), typed from openapi.json. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { MAX_PAGE, type ListParams } from './list'
import { listPhoneNumbers } from './phoneNumbers'
import { queryKeys } from './queryKeys'
import type { DniAttributionModel, DniTagInput } from './types'

export function listTags(params: ListParams, signal?: AbortSignal) {
  return api.list('/api/dni/tags', { query: params, signal })
}

export function getTag(id: number, signal?: AbortSignal) {
  return api.get('/api/dni/tags/{id}', { params: { id }, signal })
}

export function createTag(input: DniTagInput) {
  return api.post('/api/dni/tags', input)
}

export function replaceTag(id: number, input: DniTagInput) {
  return api.put('/api/dni/tags/{id}', input, { params: { id } })
}

export function deleteTag(id: number) {
  return api.delete('/api/dni/tags/{id}', { params: { id } })
}

export function getTagSessions(id: number, limit: number, signal?: AbortSignal) {
  return api.get('/api/dni/tags/{id}/sessions', { params: { id }, query: { limit }, signal })
}

/** Numbers held at once over `from`–`to` (days in the user's time zone, both included). */
export function getTagUsage(id: number, from: string, to: string, signal?: AbortSignal) {
  return api.get('/api/dni/tags/{id}/usage', { params: { id }, query: { from, to }, signal })
}

/** How the sources report credits calls: `tag` (each tag's own model, the server's default) or one model for all. */
export type SourcesModel = 'tag' | DniAttributionModel

/** The model to credit calls under, and time decay's half-life in days (1-365; default each tag's). */
export interface SourcesAttribution {
  model?: SourcesModel
  halfLifeDays?: number
}

/**
 * Sessions, calls and money by utm source and medium over `from`–`to`, of one tag or all,
 * under `model` (the half-life is sent with time decay only). Under a multi-touch model a
 * call's credit is shared among its visitor's sessions, so calls and conversions may have decimals.
 */
export function getSources(from: string, to: string, tagId?: number, { model = 'tag', halfLifeDays }: SourcesAttribution = {}, signal?: AbortSignal) {
  const query: { from: string; to: string; tagId?: number; model?: string; halfLifeDays?: number } = { from, to }
  if (tagId !== undefined) query.tagId = tagId
  if (model !== 'tag') query.model = model
  if (model === 'time_decay' && halfLifeDays !== undefined) query.halfLifeDays = halfLifeDays
  return api.get('/api/dni/sources', { query, signal })
}

export function useTagUsage(id: number, from: string, to: string) {
  return useQuery({
    queryKey: queryKeys.dni.usage(id, from, to),
    queryFn: ({ signal }) => getTagUsage(id, from, to, signal),
    placeholderData: keepPreviousData,
  })
}

export function useDniSources(from: string, to: string, tagId?: number, { model = 'tag', halfLifeDays }: SourcesAttribution = {}) {
  const halfLife = model === 'time_decay' ? halfLifeDays : undefined
  return useQuery({
    queryKey: queryKeys.dni.sources(from, to, tagId, model, halfLife),
    queryFn: ({ signal }) => getSources(from, to, tagId, { model, halfLifeDays: halfLife }, signal),
    placeholderData: keepPreviousData,
  })
}

export function useTag(id: number | undefined) {
  return useQuery({
    queryKey: queryKeys.dni.detail(id ?? 0),
    queryFn: ({ signal }) => getTag(id ?? 0, signal),
    enabled: id !== undefined && Number.isFinite(id),
  })
}

/** How often the sessions tab asks again, so live sessions come and go on their own. */
export const SESSIONS_REFRESH_MS = 15_000

/** A tag's most recently active sessions (live ones first), refreshed every 15 s. */
export function useTagSessions(id: number, limit = 100) {
  return useQuery({
    queryKey: [...queryKeys.dni.sessions(id), limit],
    queryFn: ({ signal }) => getTagSessions(id, limit, signal),
    refetchInterval: SESSIONS_REFRESH_MS,
    placeholderData: keepPreviousData,
  })
}

/** The account's tracking tags (first 200, by name), for a tag filter. */
export function useTagOptions() {
  return useQuery({
    queryKey: [...queryKeys.dni.list, 'options'],
    queryFn: ({ signal }) => listTags({ limit: MAX_PAGE, offset: 0, sort: 'name', order: 'asc' }, signal),
  })
}

/** The account's numbers (first 200), for a tag's static number picker. */
export function usePhoneNumberOptions(enabled = true) {
  return useQuery({
    queryKey: queryKeys.phoneNumbers.options,
    queryFn: ({ signal }) => listPhoneNumbers({ limit: MAX_PAGE, offset: 0, sort: 'phoneNumber', order: 'asc' }, signal),
    enabled,
  })
}

export function useSaveTag() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: DniTagInput }): Promise<{ id: number }> =>
      id === undefined ? createTag(input) : replaceTag(id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.dni.all }),
  })
}

export function useDeleteTag() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteTag,
    // The detail is dropped, not refetched: it would only answer 404 now.
    onSuccess: (_out, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.dni.detail(id) })
      queryClient.removeQueries({ queryKey: queryKeys.dni.sessions(id) })
      void queryClient.invalidateQueries({ queryKey: queryKeys.pools.all })
      return queryClient.invalidateQueries({ queryKey: queryKeys.dni.list })
    },
  })
}
