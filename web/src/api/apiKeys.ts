/** API keys of the account (`/api/settings/api-keys*`), typed from openapi.json. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, type KnownValues } from './client'
import { queryKeys } from './queryKeys'
import type { components } from './schema'

type Schemas = components['schemas']

export type ApiKey = Schemas['ApiKeyOut']
export type ApiKeyCreated = Schemas['ApiKeyCreatedOut']
export type ApiKeyInput = Schemas['ApiKeyIn']
export type ScopeFamily = Schemas['ScopeFamilyOut']
export type ApiKeyStatus = KnownValues<ApiKey['status'], 'active' | 'expired' | 'revoked'>

export function listApiKeyScopes(signal?: AbortSignal) {
  return api.get('/api/settings/api-keys/scopes', { signal })
}

export function listApiKeys(signal?: AbortSignal) {
  return api.get('/api/settings/api-keys', { signal })
}

export function createApiKey(input: ApiKeyInput) {
  return api.post('/api/settings/api-keys', input)
}

export function revokeApiKey(id: number) {
  return api.delete('/api/settings/api-keys/{id}', { params: { id } })
}

export function useApiKeyScopes() {
  return useQuery({ queryKey: queryKeys.apiKeys.scopes, queryFn: ({ signal }) => listApiKeyScopes(signal), staleTime: 5 * 60_000 })
}

export function useApiKeys() {
  return useQuery({ queryKey: queryKeys.apiKeys.list, queryFn: ({ signal }) => listApiKeys(signal) })
}

export function useCreateApiKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.list }),
  })
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: revokeApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.list }),
  })
}
