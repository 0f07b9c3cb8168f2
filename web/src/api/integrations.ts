/** Outbound webhooks: endpoints, their deliveries and replays (`/api/integrations/*`), typed from openapi.json. */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { queryKeys } from './queryKeys'
import type { components } from './schema'

type Schemas = components['schemas']

export type WebhookEventType = Schemas['EventTypeOut']
export type WebhookEndpoint = Schemas['EndpointOut']
export type WebhookEndpointWithSecret = Schemas['EndpointSecretOut']
export type WebhookEndpointInput = Schemas['EndpointIn']
export type WebhookMessage = Schemas['MessageOut']
export type WebhookMessageDetail = Schemas['MessageDetailOut']
export type WebhookAttempt = Schemas['AttemptOut']
export type WebhookMessageStatus = 'pending' | 'delivered' | 'failed'

/** Messages per page of the delivery log. */
export const MESSAGES_PAGE = 50
/** How often the log asks again while a message is waiting for an attempt. */
export const LOG_REFRESH_MS = 2_000

export function listEventTypes(signal?: AbortSignal) {
  return api.get('/api/integrations/event-types', { signal })
}

export function listWebhooks(signal?: AbortSignal) {
  return api.get('/api/integrations/webhooks', { signal })
}

export function getWebhook(id: number, signal?: AbortSignal) {
  return api.get('/api/integrations/webhooks/{id}', { params: { id }, signal })
}

export function createWebhook(input: WebhookEndpointInput) {
  return api.post('/api/integrations/webhooks', input)
}

export function replaceWebhook(id: number, input: WebhookEndpointInput) {
  return api.put('/api/integrations/webhooks/{id}', input, { params: { id } })
}

export function deleteWebhook(id: number) {
  return api.delete('/api/integrations/webhooks/{id}', { params: { id } })
}

export function sendTestEvent(id: number) {
  return api.post('/api/integrations/webhooks/{id}/test', undefined, { params: { id } })
}

export function rotateSecret(id: number) {
  return api.post('/api/integrations/webhooks/{id}/rotate-secret', undefined, { params: { id } })
}

export function listMessages(id: number, query: { status?: string; before?: number; limit?: number }, signal?: AbortSignal) {
  return api.get('/api/integrations/webhooks/{id}/messages', { params: { id }, query, signal })
}

export function getMessage(id: number, messageId: number, signal?: AbortSignal) {
  return api.get('/api/integrations/webhooks/{id}/messages/{messageId}', { params: { id, messageId }, signal })
}

export function replayMessage(id: number, messageId: number) {
  return api.post('/api/integrations/webhooks/{id}/messages/{messageId}/replay', undefined, { params: { id, messageId } })
}

export function replayFailedSince(id: number, since: string) {
  return api.post('/api/integrations/webhooks/{id}/replay', { since }, { params: { id } })
}

/** The whole of an endpoint as PUT wants it, from what GET answered (masked headers are sent back as they are). */
export function endpointInput(endpoint: WebhookEndpoint, changes: Partial<WebhookEndpointInput> = {}): WebhookEndpointInput {
  return {
    url: endpoint.url,
    description: endpoint.description ?? null,
    eventTypes: endpoint.eventTypes,
    campaignIds: endpoint.campaignIds,
    headers: endpoint.headers,
    bodyTemplate: endpoint.bodyTemplate ?? null,
    enabled: endpoint.enabled,
    ...changes,
  }
}

export function useEventTypes() {
  return useQuery({ queryKey: queryKeys.integrations.eventTypes, queryFn: ({ signal }) => listEventTypes(signal), staleTime: 5 * 60_000 })
}

export function useWebhooks() {
  return useQuery({ queryKey: queryKeys.integrations.webhooks, queryFn: ({ signal }) => listWebhooks(signal) })
}

/** One endpoint; asked again every few seconds while `live` (something is pending). */
export function useWebhook(id: number | undefined, live = false) {
  return useQuery({
    queryKey: queryKeys.integrations.webhook(id ?? 0),
    queryFn: ({ signal }) => getWebhook(id ?? 0, signal),
    enabled: id !== undefined && Number.isFinite(id),
    refetchInterval: live ? LOG_REFRESH_MS : false,
  })
}

/**
 * The delivery log of an endpoint, newest first, a page at a time (`before` the last id).
 * Refetched every 2 s while a message is pending or `watch` is on (just after a test or replay).
 */
export function useWebhookMessages(id: number, status: WebhookMessageStatus | '', watch = false) {
  return useInfiniteQuery({
    queryKey: queryKeys.integrations.messages(id, status),
    queryFn: ({ signal, pageParam }) =>
      listMessages(id, { status: status || undefined, before: pageParam, limit: MESSAGES_PAGE }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length < MESSAGES_PAGE ? undefined : last.at(-1)?.id),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      const pending = query.state.data?.pages.some((page) => page.some((m) => m.status === 'pending'))
      return pending || watch ? LOG_REFRESH_MS : false
    },
  })
}

/** A message with its body and attempts; refreshed while it is pending. */
export function useWebhookMessage(id: number, messageId: number | undefined) {
  return useQuery({
    queryKey: queryKeys.integrations.message(id, messageId ?? 0),
    queryFn: ({ signal }) => getMessage(id, messageId ?? 0, signal),
    enabled: messageId !== undefined,
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? LOG_REFRESH_MS : false),
  })
}

function useInvalidateIntegrations() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.integrations.all })
}

export function useSaveWebhook() {
  const invalidate = useInvalidateIntegrations()
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: WebhookEndpointInput }): Promise<WebhookEndpoint | WebhookEndpointWithSecret> =>
      id === undefined ? createWebhook(input) : replaceWebhook(id, input),
    onSuccess: invalidate,
  })
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteWebhook,
    onSuccess: (_out, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.integrations.webhook(id) })
      return queryClient.invalidateQueries({ queryKey: queryKeys.integrations.webhooks, exact: true })
    },
  })
}

export function useSendTestEvent() {
  const invalidate = useInvalidateIntegrations()
  return useMutation({ mutationFn: sendTestEvent, onSuccess: invalidate })
}

export function useRotateSecret() {
  const invalidate = useInvalidateIntegrations()
  return useMutation({ mutationFn: rotateSecret, onSuccess: invalidate })
}

export function useReplayMessage(id: number) {
  const invalidate = useInvalidateIntegrations()
  return useMutation({ mutationFn: (messageId: number) => replayMessage(id, messageId), onSuccess: invalidate })
}

export function useReplayFailedSince(id: number) {
  const invalidate = useInvalidateIntegrations()
  return useMutation({ mutationFn: (since: string) => replayFailedSince(id, since), onSuccess: invalidate })
}
