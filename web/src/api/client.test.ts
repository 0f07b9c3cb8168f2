import { describe, expect, it, vi } from 'vitest'
import { jsonResponse } from '@/test/render'
import { ApiError, api, request, requestList } from './client'

function stubFetch(response: Response) {
  const fetchMock = vi.fn(async () => response)
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected the request to fail')
}

describe('api client', () => {
  it('turns an error envelope into an ApiError with status, code, message and details', async () => {
    stubFetch(
      jsonResponse(
        {
          error: {
            code: 'VALIDATION_ERROR',
            message: 'Invalid campaign configuration',
            details: { field: 'phoneNumber', reason: 'Phone number is already assigned to another campaign' },
          },
        },
        400,
      ),
    )
    const error = await caught(api.post('/api/auth/login', { username: 'a', password: 'b' }))
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(400)
    expect(error.code).toBe('VALIDATION_ERROR')
    expect(error.message).toBe('Invalid campaign configuration')
    expect(error.details).toEqual({
      field: 'phoneNumber',
      reason: 'Phone number is already assigned to another campaign',
    })
  })

  it('turns a non-JSON 500 into a generic ApiError', async () => {
    stubFetch(new Response('<html>Bad Gateway</html>', { status: 500, headers: { 'Content-Type': 'text/html' } }))
    const error = await caught(api.get('/api/stats/dashboard'))
    expect(error.status).toBe(500)
    expect(error.code).toBe('INTERNAL_ERROR')
    expect(error.message).toMatch(/HTTP 500/)
    expect(error.details).toBeUndefined()
  })

  it('reads the retry delay of a 429 from the envelope or the Retry-After header', async () => {
    stubFetch(
      new Response(JSON.stringify({ error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many attempts' } }), {
        status: 429,
        headers: { 'Content-Type': 'application/json', 'Retry-After': '60' },
      }),
    )
    const error = await caught(request('get', '/api/anything'))
    expect(error.code).toBe('RATE_LIMIT_EXCEEDED')
    expect(error.retryAfter).toBe(60)
  })

  it('reports a failed fetch as a NETWORK_ERROR with status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    const error = await caught(api.get('/api/auth/user'))
    expect(error.status).toBe(0)
    expect(error.code).toBe('NETWORK_ERROR')
  })

  it('sends JSON with the session cookie and returns the parsed body', async () => {
    const fetchMock = stubFetch(jsonResponse({ success: true, user: { id: 1, username: 'sumit', email: 's@x.io' } }))
    const result = await api.post('/api/auth/login', { username: 'sumit', password: 'demo123' })
    expect('user' in result && result.user.username).toBe('sumit')
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/auth/login')
    expect(init.method).toBe('POST')
    expect(init.credentials).toBe('same-origin')
    expect(JSON.parse(init.body as string)).toEqual({ username: 'sumit', password: 'demo123' })
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json')
  })

  it('reads a list page and its total from X-Total-Count', async () => {
    const fetchMock = stubFetch(
      new Response(JSON.stringify([{ id: 1 }, { id: 2 }]), {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'X-Total-Count': '57' },
      }),
    )
    const page = await requestList<{ id: number }>('/api/buyers', { query: { limit: 2, offset: 4, status: undefined } })
    expect(page).toEqual({ items: [{ id: 1 }, { id: 2 }], total: 57 })
    expect((fetchMock.mock.calls[0] as unknown[])[0]).toBe('/api/buyers?limit=2&offset=4')
  })

  it('falls back to offset + page length when X-Total-Count is missing', async () => {
    stubFetch(new Response(JSON.stringify([{ id: 1 }]), { status: 200, headers: { 'Content-Type': 'application/json' } }))
    expect(await requestList('/api/pools', { query: { limit: 50, offset: 50 } })).toEqual({ items: [{ id: 1 }], total: 51 })
  })

  it('uploads raw bytes with their own content type, and reads an error envelope of the answer', async () => {
    const fetchMock = stubFetch(
      jsonResponse({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The file is larger than 10 MB', details: { field: 'body' } } }, 413),
    )
    const bytes = new Blob(['ID3'], { type: 'audio/mpeg' })
    const error = await caught(api.upload('/api/audio-files', bytes, 'audio/mpeg', { query: { name: 'a b.mp3' } }))
    expect(error.status).toBe(413)
    expect(error.message).toBe('The file is larger than 10 MB')
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/audio-files?name=a+b.mp3')
    expect(init.method).toBe('POST')
    expect(init.body).toBe(bytes)
    expect(init.credentials).toBe('same-origin')
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('audio/mpeg')
  })
})
