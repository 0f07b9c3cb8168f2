import { QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { vi } from 'vitest'
import { createQueryClient } from '@/lib/queryClient'

/**
 * Renders with a fresh query client (no retries) and an in-memory data router at `path` (with
 * history `state`), as the app runs: `ui` answers every path, so it may hold its own <Routes>,
 * and navigation blockers (`useBlocker`) work.
 */
export function renderWithProviders(ui: ReactElement, { path = '/', state }: { path?: string; state?: unknown } = {}) {
  const queryClient = createQueryClient()
  queryClient.setDefaultOptions({ queries: { retry: false, refetchInterval: false }, mutations: { retry: false } })
  const url = new URL(path, 'http://localhost')
  const router = createMemoryRouter([{ path: '*', element: ui }], {
    initialEntries: [state === undefined ? path : { pathname: url.pathname, search: url.search, state }],
  })
  return {
    queryClient,
    router,
    ...render(
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    ),
  }
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

/** A list answer of the management API: the array, and the total in `X-Total-Count`. */
export function listResponse(items: unknown[], total = items.length): Response {
  return jsonResponse(items, 200, { 'X-Total-Count': String(total) })
}

/** An error envelope answer. */
export function errorResponse(status: number, code: string, message: string, details?: Record<string, unknown>): Response {
  return jsonResponse({ error: { code, message, details } }, status)
}

/** "METHOD /path" of each call a fetch mock received, optionally without GETs. */
export function calledRoutes(fetchMock: { mock: { calls: unknown[][] } }, { withGets = false } = {}): string[] {
  return fetchMock.mock.calls
    .map(([input, init]) => {
      const url = new URL(String(input), 'http://localhost')
      return `${((init as RequestInit | undefined)?.method ?? 'GET').toUpperCase()} ${url.pathname}`
    })
    .filter((route) => withGets || !route.startsWith('GET '))
}

/** The parsed JSON body of the first call to "METHOD /path". */
export function bodyOf(fetchMock: { mock: { calls: unknown[][] } }, route: string, nth = 0): unknown {
  const calls = fetchMock.mock.calls.filter(([input, init]) => {
    const url = new URL(String(input), 'http://localhost')
    return `${((init as RequestInit | undefined)?.method ?? 'GET').toUpperCase()} ${url.pathname}` === route
  })
  const init = calls[nth]?.[1] as RequestInit | undefined
  return init?.body ? JSON.parse(String(init.body)) : undefined
}

type Handler = (init: RequestInit | undefined, url: URL) => Response | Promise<Response>

/** Stubs global fetch with one handler per "METHOD /path"; anything else answers 404. */
export function mockFetch(routes: Record<string, Handler>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const key = `${(init?.method ?? 'GET').toUpperCase()} ${url.split('?')[0]}`
    const handler = routes[key]
    if (!handler) return jsonResponse({ error: { code: 'NOT_FOUND', message: `No mock for ${key}` } }, 404)
    return handler(init, new URL(url, 'http://localhost'))
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

/** The text of each heading and cell of a table row. */
export function cellTexts(row: HTMLElement): string[] {
  return Array.from(row.querySelectorAll('th, td')).map((cell) => cell.textContent ?? '')
}
