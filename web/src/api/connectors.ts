/**
 * Connectors (`/api/integrations/connector*`): calls sent to a CRM or ad platform's own API
 * (HubSpot, Salesforce, Pipedrive, GA4, Meta, Google Ads). A delivery is a message of the outbox,
 * so its detail and replays are the webhook message routes with the connector's id (see
 * `useWebhookMessage`, `useReplayMessage`, `useReplayFailedSince`).
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { LOG_REFRESH_MS, MESSAGES_PAGE, type WebhookMessageStatus } from './integrations'
import { queryKeys } from './queryKeys'
import type { components } from './schema'

type Schemas = components['schemas']

export type ConnectorType = Schemas['ConnectorTypeOut']
export type ConnectorField = Schemas['ConnectorFieldOut']
export type Connector = Schemas['ConnectorOut']
export type ConnectorInput = Schemas['ConnectorIn']
export type ConnectorTestResult = Schemas['ConnectorTestOut']

export function listConnectorTypes(signal?: AbortSignal) {
  return api.get('/api/integrations/connector-types', { signal })
}

export function listConnectors(signal?: AbortSignal) {
  return api.get('/api/integrations/connectors', { signal })
}

export function getConnector(id: number, signal?: AbortSignal) {
  return api.get('/api/integrations/connectors/{id}', { params: { id }, signal })
}

export function createConnector(input: ConnectorInput) {
  return api.post('/api/integrations/connectors', input)
}

export function replaceConnector(id: number, input: ConnectorInput) {
  return api.put('/api/integrations/connectors/{id}', input, { params: { id } })
}

export function deleteConnector(id: number) {
  return api.delete('/api/integrations/connectors/{id}', { params: { id } })
}

export function testConnector(id: number) {
  return api.post('/api/integrations/connectors/{id}/test', undefined, { params: { id } })
}

export function listConnectorMessages(id: number, query: { status?: string; before?: number; limit?: number }, signal?: AbortSignal) {
  return api.get('/api/integrations/connectors/{id}/messages', { params: { id }, query, signal })
}

/** The string values of a `{key: text}` map as read (settings, mapping). */
export function textMap(map: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(map ?? {})) out[key] = typeof value === 'string' ? value : String(value ?? '')
  return out
}

/**
 * The whole of a connector as PUT wants it, from what GET answered: no credentials (the stored
 * ones are kept), the base URL as it is.
 */
export function connectorInput(connector: Connector, changes: Partial<ConnectorInput> = {}): ConnectorInput {
  return {
    name: connector.name,
    vendor: connector.vendor,
    baseUrl: connector.baseUrl,
    eventTypes: connector.eventTypes,
    campaignIds: connector.campaignIds,
    settings: textMap(connector.settings),
    mapping: textMap(connector.mapping),
    enabled: connector.enabled,
    ...changes,
  }
}

/** The vendors; asked only while `enabled` (e.g. a connector dialog is open). */
export function useConnectorTypes(enabled = true) {
  return useQuery({
    queryKey: queryKeys.integrations.connectorTypes,
    queryFn: ({ signal }) => listConnectorTypes(signal),
    staleTime: 5 * 60_000,
    enabled,
  })
}

export function useConnectors() {
  return useQuery({ queryKey: queryKeys.integrations.connectors, queryFn: ({ signal }) => listConnectors(signal) })
}

/** One connector; asked again every few seconds while `live` (a delivery is pending, or just after a replay). */
export function useConnector(id: number | undefined, live = false) {
  return useQuery({
    queryKey: queryKeys.integrations.connector(id ?? 0),
    queryFn: ({ signal }) => getConnector(id ?? 0, signal),
    enabled: id !== undefined && Number.isFinite(id),
    refetchInterval: live ? LOG_REFRESH_MS : false,
  })
}

/** A connector's deliveries, newest first, a page at a time; refetched every 2 s while one is pending or `watch` is on. */
export function useConnectorMessages(id: number, status: WebhookMessageStatus | '', watch = false) {
  return useInfiniteQuery({
    queryKey: queryKeys.integrations.connectorMessages(id, status),
    queryFn: ({ signal, pageParam }) => listConnectorMessages(id, { status: status || undefined, before: pageParam, limit: MESSAGES_PAGE }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length < MESSAGES_PAGE ? undefined : last.at(-1)?.id),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      const pending = query.state.data?.pages.some((page) => page.some((m) => m.status === 'pending'))
      return pending || watch ? LOG_REFRESH_MS : false
    },
  })
}

export function useSaveConnector() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: ConnectorInput }) => (id === undefined ? createConnector(input) : replaceConnector(id, input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.integrations.all }),
  })
}

export function useDeleteConnector() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteConnector,
    onSuccess: (_out, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.integrations.connector(id) })
      return queryClient.invalidateQueries({ queryKey: queryKeys.integrations.connectors, exact: true })
    },
  })
}

/** The connection test: the vendor is asked something that writes nothing. */
export function useTestConnector() {
  return useMutation({ mutationFn: testConnector })
}
