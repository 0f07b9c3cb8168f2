/**
 * The one fetch wrapper for the JSON API under /api.
 *
 * - Sends and receives JSON, with the session cookie (`credentials: 'same-origin'`).
 * - Every non-2xx answer becomes an `ApiError` carrying the server's error envelope
 *   (`{"error":{"code","message","details"}}`), or a generic error when the body is not one.
 * - Request and response types come from the generated OpenAPI types (`schema.d.ts`),
 *   keyed by path and method, so a contract change breaks the type check, not the user.
 */
import type { components, paths } from './schema'

/**
 * Stable machine codes of the server's error envelope (`ErrorBody.code`, a plain string in
 * openapi.json), plus NETWORK_ERROR, which only the client raises (for a failed fetch).
 */
export type ErrorCode =
  | KnownValues<
      components['schemas']['ErrorBody']['code'],
      | 'VALIDATION_ERROR'
      | 'UNAUTHORIZED'
      | 'FORBIDDEN'
      | 'NOT_FOUND'
      | 'CONFLICT'
      | 'RATE_LIMIT_EXCEEDED'
      | 'INTERNAL_ERROR'
      | 'BAD_REQUEST'
      | 'TWO_FACTOR_SETUP_REQUIRED'
      | 'ADDRESS_NOT_ALLOWED'
    >
  | 'NETWORK_ERROR'

/**
 * `ErrorBody.details`, which openapi.json leaves untyped: usually `{field, reason}`, and
 * other keys for some errors (e.g. `heldBy` on a 409, `rows` on a failed import).
 */
export interface ErrorDetails {
  field?: string
  reason?: string
  [key: string]: unknown
}

export class ApiError extends Error {
  override readonly name = 'ApiError'
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number
  /** The envelope's code (kept as sent if the server invents a new one). */
  readonly code: ErrorCode | (string & {})
  readonly details: ErrorDetails | undefined
  /** Seconds to wait before retrying, from `Retry-After` or the envelope's `retryAfter`. */
  readonly retryAfter: number | undefined

  constructor(
    status: number,
    code: ErrorCode | (string & {}),
    message: string,
    details?: ErrorDetails,
    retryAfter?: number,
  ) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
    this.retryAfter = retryAfter
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError
}

/** True for a 401: the session is missing or expired. */
export function isUnauthorized(error: unknown): boolean {
  return isApiError(error) && error.status === 401
}

/**
 * True for the 403 of an account that requires two-factor sign-in, asked by a member who has
 * not set it up: everything but sign-in, the two-factor set-up and the profile is refused.
 */
export function isTwoFactorSetupRequired(error: unknown): boolean {
  return isApiError(error) && error.code === 'TWO_FACTOR_SETUP_REQUIRED'
}

/**
 * True for the 403 of a request from outside the account's allowed addresses (Settings →
 * Security): nothing works from here until an owner adds the address, or from another network.
 */
export function isAddressNotAllowed(error: unknown): boolean {
  return isApiError(error) && error.code === 'ADDRESS_NOT_ALLOWED'
}

/** What to tell a member refused for their address, after the server's own words. */
export const ADDRESS_NOT_ALLOWED_HINT =
  'Your account only lets members use CallCenter Pro from the addresses an owner allows. Connect from an allowed network, or ask an owner to add this address.'

// ---- Types derived from the OpenAPI document -------------------------------------------

/**
 * The values of a field that openapi.json types as a plain `string` although the API
 * documents a fixed set: `Values` while the document says only `string`, and the
 * document's own type as soon as it declares an enum. So each such refinement retires
 * itself when `npm run gen:api` picks up the enum, and the label maps that `satisfies`
 * a `Record` of it (lib/labels.ts) fail the type check if the two lists differ.
 */
export type KnownValues<Field, Values extends string> = string extends NonNullable<Field> ? Values : NonNullable<Field>

/** What follows `Prefix` in the document's paths, e.g. the formats of `/api/calls/export.{csv,xlsx,pdf}`. */
export type PathSuffixes<Prefix extends string> = keyof paths extends infer P ? (P extends `${Prefix}${infer S}` ? S : never) : never

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>

/** Paths of the document that have an operation for method M. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: [NonNullable<paths[P][M]>] extends [never] ? never : P
}[keyof paths]

/** JSON request body of an operation (never when it takes none). */
export type JsonBody<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never

type SuccessStatus = 200 | 201 | 202 | 204

/** JSON body of an operation's success answer (undefined for an empty one). */
export type JsonResponse<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? {
        [S in keyof R & SuccessStatus]: R[S] extends { content: { 'application/json': infer T } }
          ? T
          : undefined
      }[keyof R & SuccessStatus]
    : never

// ---- Request -----------------------------------------------------------------------------

export interface RequestOptions {
  body?: unknown
  query?: Record<string, string | number | boolean | undefined>
  /** Values of the path's `{name}` placeholders (e.g. `/api/pools/{id}`), URL-encoded in. */
  params?: Record<string, string | number>
  signal?: AbortSignal
  /** A raw body (e.g. a file's bytes) sent as is with its own `Content-Type`, in place of JSON `body`. */
  raw?: { data: Blob | ArrayBuffer; contentType: string }
}

const FALLBACK_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'VALIDATION_ERROR',
  429: 'RATE_LIMIT_EXCEEDED',
}

function withParams(path: string, params: RequestOptions['params']): string {
  if (!params) return path
  return path.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : encodeURIComponent(String(params[name])),
  )
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseRetryAfter(header: string | null, envelopeValue: unknown): number | undefined {
  if (typeof envelopeValue === 'number' && Number.isFinite(envelopeValue)) return envelopeValue
  if (header && /^\d+$/.test(header.trim())) return Number(header.trim())
  return undefined
}

/** Builds the ApiError for a non-2xx answer from its status, headers and body text. */
export function toApiError(status: number, headers: Headers, text: string): ApiError {
  const body = parseJson(text)
  const envelope = isRecord(body) && isRecord(body.error) ? body.error : undefined
  if (envelope && typeof envelope.code === 'string' && typeof envelope.message === 'string') {
    const details = isRecord(envelope.details) ? (envelope.details as ErrorDetails) : undefined
    const retryAfter = parseRetryAfter(headers.get('retry-after'), envelope.retryAfter)
    return new ApiError(status, envelope.code, envelope.message, details, retryAfter)
  }
  const code = FALLBACK_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST')
  return new ApiError(
    status,
    code,
    `The server answered with an unexpected error (HTTP ${status}). Please try again.`,
    undefined,
    parseRetryAfter(headers.get('retry-after'), undefined),
  )
}

/** A page of a list endpoint: the items and the total from the `X-Total-Count` header. */
export interface ListResult<T> {
  items: T[]
  /** All matching rows on the server; the page's own length when the header is missing. */
  total: number
}

/** Untyped request; prefer the typed `api.get` / `api.post` / ... below. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  return (await send<T>(method, path, options)).data
}

/**
 * GET a list endpoint that answers a JSON array and the total number of matching
 * rows in `X-Total-Count` (the management API's list shape).
 */
export async function requestList<T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<ListResult<T>> {
  const { data, headers } = await send<T[] | undefined>('get', path, options)
  const items = Array.isArray(data) ? data : []
  const header = headers.get('x-total-count')
  const parsed = header !== null && /^\d+$/.test(header.trim()) ? Number(header.trim()) : undefined
  const offset = Number(options.query?.offset ?? 0) || 0
  return { items, total: parsed ?? offset + items.length }
}

async function send<T>(method: string, path: string, options: RequestOptions): Promise<{ data: T; headers: Headers }> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: string | Blob | ArrayBuffer | undefined
  if (options.raw) {
    headers['Content-Type'] = options.raw.contentType
    body = options.raw.data
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }

  let response: Response
  try {
    response = await fetch(withQuery(withParams(path, options.params), options.query), {
      method: method.toUpperCase(),
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the server. Check your connection and try again.')
  }

  const text = await response.text()
  if (!response.ok) throw toApiError(response.status, response.headers, text)
  if (text === '') return { data: undefined as T, headers: response.headers }
  const data = parseJson(text)
  if (data === undefined) {
    throw new ApiError(response.status, 'INTERNAL_ERROR', 'The server sent a response that is not valid JSON.')
  }
  return { data: data as T, headers: response.headers }
}

type Options = Omit<RequestOptions, 'body'>

type Item<T> = T extends readonly (infer I)[] ? I : never

/** Typed calls: paths, bodies and answers are checked against the OpenAPI document. */
export const api = {
  /** A list endpoint (JSON array + `X-Total-Count`). */
  list<P extends PathsWith<'get'>>(path: P, options?: Options) {
    return requestList<Item<JsonResponse<P, 'get'>>>(path, options)
  },
  get<P extends PathsWith<'get'>>(path: P, options?: Options) {
    return request<JsonResponse<P, 'get'>>('get', path, options)
  },
  post<P extends PathsWith<'post'>>(path: P, body?: JsonBody<P, 'post'>, options?: Options) {
    return request<JsonResponse<P, 'post'>>('post', path, { ...options, body })
  },
  put<P extends PathsWith<'put'>>(path: P, body?: JsonBody<P, 'put'>, options?: Options) {
    return request<JsonResponse<P, 'put'>>('put', path, { ...options, body })
  },
  patch<P extends PathsWith<'patch'>>(path: P, body?: JsonBody<P, 'patch'>, options?: Options) {
    return request<JsonResponse<P, 'patch'>>('patch', path, { ...options, body })
  },
  delete<P extends PathsWith<'delete'>>(path: P, options?: Options) {
    return request<JsonResponse<P, 'delete'>>('delete', path, options)
  },
  /** POST raw bytes (a file) with their content type; the answer is JSON as for the others. */
  upload<P extends PathsWith<'post'>>(path: P, data: Blob | ArrayBuffer, contentType: string, options?: Options) {
    return request<JsonResponse<P, 'post'>>('post', path, { ...options, raw: { data, contentType } })
  },
}
