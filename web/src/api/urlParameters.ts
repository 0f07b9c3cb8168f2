/**
 * URL parameters (`/api/integrations/url-parameters*`): the query parameters an account tracks
 * on its calls, for every campaign or one. A call gets each value from the web visit it is
 * credited to (its landing page's query) and from the query of the carrier's voice webhook URL.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { queryKeys } from './queryKeys'
import type { components } from './schema'

type Schemas = components['schemas']

export type UrlParameter = Schemas['UrlParamOut']
export type UrlParameterInput = Schemas['UrlParamIn']
/** A tracked parameter's value on a call (`CallDetail.parameters`). */
export type CallParameter = Schemas['CallParamOut']

export const URL_PARAMETER_TYPES = ['string', 'number', 'boolean'] as const
export type UrlParameterType = (typeof URL_PARAMETER_TYPES)[number]
export const URL_PARAMETER_SCOPES = ['global', 'campaign'] as const
export type UrlParameterScope = (typeof URL_PARAMETER_SCOPES)[number]

export function listUrlParameters(signal?: AbortSignal) {
  return api.get('/api/integrations/url-parameters', { signal })
}

export function createUrlParameter(input: UrlParameterInput) {
  return api.post('/api/integrations/url-parameters', input)
}

export function replaceUrlParameter(id: number, input: UrlParameterInput) {
  return api.put('/api/integrations/url-parameters/{id}', input, { params: { id } })
}

export function deleteUrlParameter(id: number) {
  return api.delete('/api/integrations/url-parameters/{id}', { params: { id } })
}

export function useUrlParameters() {
  return useQuery({ queryKey: queryKeys.integrations.urlParameters, queryFn: ({ signal }) => listUrlParameters(signal) })
}

export function useSaveUrlParameter() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: UrlParameterInput }) => (id === undefined ? createUrlParameter(input) : replaceUrlParameter(id, input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.integrations.urlParameters }),
  })
}

export function useDeleteUrlParameter() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteUrlParameter,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.integrations.urlParameters }),
  })
}

/** The call list's `param` filter: `name:value`. */
export function paramFilter(name: string, value: string): string {
  return `${name}:${value}`
}

/** `affiliate:A1` -> `{ name: 'affiliate', value: 'A1' }` (the value may hold colons); undefined if not `name:value`. */
export function parseParamFilter(filter: string): { name: string; value: string } | undefined {
  const at = filter.indexOf(':')
  if (at <= 0) return undefined
  return { name: filter.slice(0, at), value: filter.slice(at + 1) }
}
