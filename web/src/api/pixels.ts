/**
 * Tracking pixels (`/api/integrations/pixels*`): templated requests fired on call events, and
 * their firing log. A fire is a message of the outbox, so its detail and replay are the
 * webhook message routes with the pixel's id (see `useWebhookMessage`, `useReplayMessage`).
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { LOG_REFRESH_MS, MESSAGES_PAGE, type WebhookMessage, type WebhookMessageStatus } from './integrations'
import { queryKeys } from './queryKeys'
import type { components } from './schema'

type Schemas = components['schemas']

export type Pixel = Schemas['PixelOut']
export type PixelInput = Schemas['PixelIn']
export type PixelOptions = Schemas['PixelOptionsOut']
export type PixelFire = WebhookMessage

/** When a pixel may fire, as the API names them. */
export type PixelFireOn = 'incoming' | 'connected' | 'completed' | 'converted' | 'error' | 'payout'
export type PixelOperator = 'equals' | 'not_equals' | 'contains' | 'greater_than' | 'less_than' | 'exists'
export const PIXEL_METHODS = ['GET', 'POST', 'PUT', 'PATCH'] as const
export type PixelMethod = (typeof PIXEL_METHODS)[number]

/** One condition as the API stores it (`conditions` is untyped in openapi.json). */
export interface PixelCondition {
  token: string
  operator: string
  value: string
}

/** The conditions of a pixel as read, keeping only well-formed ones. */
export function pixelConditions(pixel: Pick<Pixel, 'conditions'>): PixelCondition[] {
  return pixel.conditions.flatMap((c) =>
    typeof c.token === 'string' && typeof c.operator === 'string'
      ? [{ token: c.token, operator: c.operator, value: typeof c.value === 'string' ? c.value : String(c.value ?? '') }]
      : [],
  )
}

export function getPixelOptions(signal?: AbortSignal) {
  return api.get('/api/integrations/pixel-options', { signal })
}

export function listPixels(signal?: AbortSignal) {
  return api.get('/api/integrations/pixels', { signal })
}

export function getPixel(id: number, signal?: AbortSignal) {
  return api.get('/api/integrations/pixels/{id}', { params: { id }, signal })
}

export function createPixel(input: PixelInput) {
  return api.post('/api/integrations/pixels', input)
}

export function replacePixel(id: number, input: PixelInput) {
  return api.put('/api/integrations/pixels/{id}', input, { params: { id } })
}

export function deletePixel(id: number) {
  return api.delete('/api/integrations/pixels/{id}', { params: { id } })
}

export function listPixelFires(id: number, query: { status?: string; before?: number; limit?: number }, signal?: AbortSignal) {
  return api.get('/api/integrations/pixels/{id}/fires', { params: { id }, query, signal })
}

/**
 * The whole of a pixel as PUT wants it, from what GET answered: masked headers go back as they
 * are, and basic auth without its password (the stored one is kept).
 */
export function pixelInput(pixel: Pixel, changes: Partial<PixelInput> = {}): PixelInput {
  return {
    name: pixel.name,
    campaignId: pixel.campaignId ?? null,
    fireOn: pixel.fireOn,
    method: pixel.method,
    url: pixel.url,
    body: pixel.body ?? null,
    headers: pixel.headers,
    basicAuth: pixel.basicAuthUsername ? { username: pixel.basicAuthUsername } : null,
    conditions: pixelConditions(pixel) as unknown as Record<string, unknown>[],
    maxFiresPerCall: pixel.maxFiresPerCall ?? null,
    enabled: pixel.enabled,
    ...changes,
  }
}

export function usePixelOptions() {
  return useQuery({ queryKey: queryKeys.integrations.pixelOptions, queryFn: ({ signal }) => getPixelOptions(signal), staleTime: 5 * 60_000 })
}

export function usePixels() {
  return useQuery({ queryKey: queryKeys.integrations.pixels, queryFn: ({ signal }) => listPixels(signal) })
}

/** One pixel; asked again every few seconds while `live` (a fire is pending, or just after a replay). */
export function usePixel(id: number | undefined, live = false) {
  return useQuery({
    queryKey: queryKeys.integrations.pixel(id ?? 0),
    queryFn: ({ signal }) => getPixel(id ?? 0, signal),
    enabled: id !== undefined && Number.isFinite(id),
    refetchInterval: live ? LOG_REFRESH_MS : false,
  })
}

/** A pixel's firings, newest first, a page at a time; refetched every 2 s while one is pending or `watch` is on. */
export function usePixelFires(id: number, status: WebhookMessageStatus | '', watch = false) {
  return useInfiniteQuery({
    queryKey: queryKeys.integrations.fires(id, status),
    queryFn: ({ signal, pageParam }) => listPixelFires(id, { status: status || undefined, before: pageParam, limit: MESSAGES_PAGE }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length < MESSAGES_PAGE ? undefined : last.at(-1)?.id),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      const pending = query.state.data?.pages.some((page) => page.some((m) => m.status === 'pending'))
      return pending || watch ? LOG_REFRESH_MS : false
    },
  })
}

export function useSavePixel() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: PixelInput }) => (id === undefined ? createPixel(input) : replacePixel(id, input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.integrations.all }),
  })
}

export function useDeletePixel() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deletePixel,
    onSuccess: (_out, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.integrations.pixel(id) })
      return queryClient.invalidateQueries({ queryKey: queryKeys.integrations.pixels, exact: true })
    },
  })
}
