import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { WebhookMessage, WebhookMessageDetail } from '@/api/integrations'
import { pixelInput as pixelPut, type Pixel } from '@/api/pixels'
import { fireOnSummary, insertAt, pixelFieldMap, pixelFormSchema, pixelFormValues, pixelInput } from '@/components/integrations/pixelForm'
import { campaignSummary, signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

const pixelOptions = {
  fireOn: ['incoming', 'connected', 'completed', 'converted', 'error', 'payout'],
  tokens: [
    { name: '[call_id]', description: "The call's id" },
    { name: '[revenue]', description: "The call's revenue (decimal)" },
    { name: '[gclid]', description: 'Google click id' },
  ],
  operators: ['equals', 'not_equals', 'contains', 'greater_than', 'less_than', 'exists'],
}

function pixel(overrides: Partial<Pixel> = {}): Pixel {
  return {
    id: 12,
    name: 'Google Ads conversion',
    campaignId: null,
    fireOn: ['converted'],
    method: 'GET',
    url: 'https://tracker.example/pb?cid=[call_id]&rev=[revenue]',
    body: null,
    headers: {},
    basicAuthUsername: null,
    conditions: [],
    maxFiresPerCall: null,
    enabled: true,
    disabledReason: null,
    figures: {
      attempts: 8,
      successRate: 87.5,
      averageLatencyMs: 64,
      pending: 0,
      failed: 1,
      lastSuccessAt: new Date(Date.now() - 2 * 60_000).toISOString(),
      lastFailureAt: null,
    },
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
    ...overrides,
  }
}

function fire(overrides: Partial<WebhookMessage> = {}): WebhookMessage {
  return {
    id: 40,
    webhookId: 'msg_40',
    eventId: 'evt_7',
    eventType: 'call.converted',
    status: 'delivered',
    attempts: 1,
    nextAttemptAt: null,
    lastStatus: 200,
    lastError: null,
    createdAt: '2026-12-06T10:00:00Z',
    deliveredAt: '2026-12-06T10:00:01Z',
    requestMethod: 'GET',
    requestUrl: 'https://tracker.example/pb?cid=101&rev=45.00',
    ...overrides,
  }
}

const session = { 'GET /api/auth/user': () => jsonResponse(signedInUser) }
const options = {
  'GET /api/integrations/event-types': () => jsonResponse([]),
  'GET /api/integrations/webhooks': () => jsonResponse([]),
  'GET /api/integrations/pixel-options': () => jsonResponse(pixelOptions),
  'GET /api/campaigns': () => listResponse([campaignSummary(), campaignSummary({ id: 'c-2', name: 'Autumn Leads' })]),
}

describe('pixel form values', () => {
  it('inserts a token at the cursor, or in place of the selection', () => {
    expect(insertAt('https://t.example/?cid=', '[call_id]', null, null)).toEqual({ text: 'https://t.example/?cid=[call_id]', cursor: 32 })
    expect(insertAt('a=&b=', '[revenue]', 2, 2)).toEqual({ text: 'a=[revenue]&b=', cursor: 11 })
    expect(insertAt('a=XX&b=', '[gclid]', 2, 4)).toEqual({ text: 'a=[gclid]&b=', cursor: 9 })
  })

  it('sends no body for a GET, keeps the stored password when left empty, and names tokens without brackets', () => {
    const values = pixelFormValues(
      pixel({
        method: 'POST',
        body: '{"v":"[revenue]"}',
        basicAuthUsername: 'ads',
        headers: { Authorization: '••••abcd' },
        conditions: [{ token: 'revenue', operator: 'greater_than', value: '0' }],
        maxFiresPerCall: 3,
      }),
    )
    expect(values.basicAuthPassword).toBe('')
    expect(pixelInput(values)).toEqual({
      name: 'Google Ads conversion',
      campaignId: null,
      fireOn: ['converted'],
      method: 'POST',
      url: 'https://tracker.example/pb?cid=[call_id]&rev=[revenue]',
      body: '{"v":"[revenue]"}',
      headers: { Authorization: '••••abcd' },
      basicAuth: { username: 'ads' },
      conditions: [{ token: 'revenue', operator: 'greater_than', value: '0' }],
      maxFiresPerCall: 3,
      enabled: true,
    })
    const get = pixelInput({ ...values, method: 'GET', basicAuthUsername: '', conditions: [{ token: 'gclid', operator: 'exists', value: 'x' }], maxFiresPerCall: '' })
    expect(get.body).toBeNull()
    expect(get.basicAuth).toBeNull()
    expect(get.conditions).toEqual([{ token: 'gclid', operator: 'exists', value: '' }])
    expect(get.maxFiresPerCall).toBeNull()
    expect(pixelInput({ ...values, basicAuthPassword: 's3cret' }).basicAuth).toEqual({ username: 'ads', password: 's3cret' })
    // What the detail page PUTs to enable or disable it: the same, without a password.
    expect(pixelPut(pixel({ basicAuthUsername: 'ads' }), { enabled: false })).toMatchObject({ basicAuth: { username: 'ads' }, enabled: false })
  })

  it('refuses tokens in the host, an empty fire-on and a limit over 100', () => {
    const values = { ...pixelFormValues(), name: 'P', fireOn: ['payout'], url: 'https://[campaign_id].example/pb' }
    const host = pixelFormSchema.safeParse(values)
    expect(host.success).toBe(false)
    expect(host.error?.issues.map((i) => i.path.join('.'))).toEqual(['url'])
    const more = pixelFormSchema.safeParse({ ...values, url: 'https://t.example/[call_id]', fireOn: [], maxFiresPerCall: '101' })
    expect(more.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['fireOn', 'maxFiresPerCall'])
    expect(pixelFieldMap('basicAuth.password')).toBe('basicAuthPassword')
    expect(pixelFieldMap('conditions')).toBe('conditions')
    expect(fireOnSummary(['incoming', 'converted', 'payout'])).toBe('Incoming, Converted and 1 more')
  })
})

describe('pixels on the Integrations page', () => {
  it('lists pixels with campaign, events, request, state, success rate and last fire', async () => {
    mockFetch({
      ...session,
      ...options,
      'GET /api/integrations/pixels': () =>
        jsonResponse([
          pixel(),
          pixel({ id: 13, name: 'Meta lead', campaignId: 'c-2', fireOn: ['incoming', 'payout'], method: 'POST', enabled: false, figures: { ...pixel().figures, attempts: 0, successRate: null, lastSuccessAt: null } }),
        ]),
    })
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    const table = await screen.findByRole('table', { name: 'Tracking pixels' })
    const first = (await within(table).findByRole('link', { name: 'Google Ads conversion' })).closest('tr')!
    expect(within(first).getByRole('link', { name: 'Google Ads conversion' })).toHaveAttribute('href', '/integrations/pixels/12')
    expect(first).toHaveTextContent('All campaigns')
    expect(first).toHaveTextContent('Converted')
    expect(first).toHaveTextContent('GEThttps://tracker.example/pb?cid=[call_id]&rev=[revenue]')
    expect(first).toHaveTextContent('Enabled')
    expect(first).toHaveTextContent('87.5%')
    expect(first).toHaveTextContent('Fired 2 minutes ago')
    const second = within(table).getByRole('link', { name: 'Meta lead' }).closest('tr')!
    expect(await within(second).findByText('Autumn Leads')).toBeInTheDocument()
    expect(second).toHaveTextContent('Incoming, Payout')
    expect(second).toHaveTextContent('Disabled by you')
    expect(second).toHaveTextContent('No attempts')
    expect(second).toHaveTextContent('Not fired yet')
  })

  it('adds a pixel with tokens from the picker, a campaign and a condition, then opens it', async () => {
    const fetchMock = mockFetch({
      ...session,
      ...options,
      'GET /api/integrations/pixels': () => jsonResponse([]),
      'POST /api/integrations/pixels': () => jsonResponse(pixel({ id: 14 }), 201),
      'GET /api/integrations/pixels/14': () => jsonResponse(pixel({ id: 14 })),
      'GET /api/integrations/pixels/14/fires': () => jsonResponse([]),
    })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/integrations' })
    await screen.findByText('No pixels yet')
    await user.click(screen.getAllByRole('button', { name: 'Add pixel' })[0]!)
    const dialog = await screen.findByRole('dialog', { name: 'Add pixel' })
    await user.type(await within(dialog).findByLabelText(/Name/), 'Google Ads conversion')

    // Nothing to fire on: the form says so and sends nothing.
    await user.type(within(dialog).getByLabelText(/^URL/), 'https://tracker.example/pb?cid=')
    await user.click(within(dialog).getByRole('button', { name: 'Add pixel' }))
    expect(await within(dialog).findByText('Pick when the pixel fires')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([])

    expect(within(dialog).getByText(/the call converted with revenue/)).toBeInTheDocument()
    await user.click(within(dialog).getByRole('checkbox', { name: 'Converted' }))
    await user.click(within(dialog).getByRole('button', { name: 'Insert a token in the URL' }))
    await user.click(await screen.findByRole('menuitem', { name: /\[call_id\]/ }))
    await user.type(within(dialog).getByLabelText(/^URL/), '&rev=')
    await user.click(within(dialog).getByRole('button', { name: 'Insert a token in the URL' }))
    await user.click(await screen.findByRole('menuitem', { name: /\[revenue\]/ }))
    expect(within(dialog).getByLabelText(/^URL/)).toHaveValue('https://tracker.example/pb?cid=[call_id]&rev=[revenue]')
    // A GET has no body.
    expect(within(dialog).queryByLabelText(/^Body/)).not.toBeInTheDocument()

    await user.click(within(dialog).getByRole('combobox', { name: 'Campaign' }))
    await user.click(await screen.findByRole('option', { name: 'Autumn Leads' }))
    await user.click(within(dialog).getByRole('button', { name: 'Add condition' }))
    await user.type(within(dialog).getByLabelText('Condition 1 value'), '0')
    await user.click(within(dialog).getByRole('button', { name: 'Add pixel' }))

    await waitFor(() => expect(router.state.location.pathname).toBe('/integrations/pixels/14'))
    expect(bodyOf(fetchMock, 'POST /api/integrations/pixels')).toEqual({
      name: 'Google Ads conversion',
      campaignId: 'c-2',
      fireOn: ['converted'],
      method: 'GET',
      url: 'https://tracker.example/pb?cid=[call_id]&rev=[revenue]',
      body: null,
      headers: {},
      basicAuth: null,
      conditions: [{ token: 'revenue', operator: 'greater_than', value: '0' }],
      maxFiresPerCall: null,
      enabled: true,
    })
  })

  it('shows the server’s field error on the URL', async () => {
    mockFetch({
      ...session,
      ...options,
      'GET /api/integrations/pixels': () => jsonResponse([]),
      'POST /api/integrations/pixels': () => errorResponse(422, 'VALIDATION_ERROR', 'Invalid input', { field: 'url', reason: 'resolves to a private address' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    await screen.findByText('No pixels yet')
    await user.click(screen.getAllByRole('button', { name: 'Add pixel' })[0]!)
    const dialog = await screen.findByRole('dialog', { name: 'Add pixel' })
    await user.type(await within(dialog).findByLabelText(/Name/), 'Internal')
    await user.click(within(dialog).getByRole('checkbox', { name: 'Incoming' }))
    await user.type(within(dialog).getByLabelText(/^URL/), 'http://10.0.0.1/pb')
    await user.click(within(dialog).getByRole('button', { name: 'Add pixel' }))
    expect(await within(dialog).findByText('resolves to a private address')).toBeInTheDocument()
    expect(within(dialog).getByLabelText(/^URL/)).toHaveAttribute('aria-invalid', 'true')
  })
})

describe('pixel page', () => {
  const detail: WebhookMessageDetail = {
    ...fire({ status: 'failed', lastStatus: 500, deliveredAt: null, attempts: 1 }),
    body: '',
    attemptsLog: [{ at: '2026-12-06T10:00:00Z', statusCode: 500, latencyMs: 42, response: 'tracker broke', error: null }],
  }

  function routes(extra: Record<string, Parameters<typeof mockFetch>[0][string]> = {}) {
    return {
      ...session,
      ...options,
      'GET /api/integrations/pixels/12': () =>
        jsonResponse(pixel({ basicAuthUsername: 'ads', campaignId: 'c-2', conditions: [{ token: 'revenue', operator: 'greater_than', value: '0' }] })),
      'GET /api/integrations/pixels/12/fires': () => jsonResponse([fire({ status: 'failed', lastStatus: 500, deliveredAt: null }), fire({ id: 39, webhookId: 'msg_39' })]),
      'GET /api/integrations/webhooks/12/messages/40': () => jsonResponse(detail),
      ...extra,
    }
  }

  it('shows the settings, figures, the unsigned note and the firing log with the rendered request; replays a fire', async () => {
    const fetchMock = mockFetch(routes({ 'POST /api/integrations/webhooks/12/messages/40/replay': () => jsonResponse({ queued: 1 }, 202) }))
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations/pixels/12' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Google Ads conversion' })).toBeInTheDocument()
    expect(screen.getByRole('region', { name: 'Pixel figures, last 7 days' })).toHaveTextContent('87.5%')
    expect(await screen.findByText('Autumn Leads')).toBeInTheDocument()
    expect(screen.getByText(/User ads/)).toBeInTheDocument()
    expect(screen.getByText(/is greater than/)).toBeInTheDocument()
    expect(screen.getByText(/Pixels are not signed/)).toHaveTextContent('request-forgery guard')

    const table = await screen.findByRole('table', { name: 'Firing log' })
    const newest = within(table).getAllByRole('row')[1]!
    expect(newest).toHaveTextContent('https://tracker.example/pb?cid=101&rev=45.00')
    expect(newest).toHaveTextContent('Failed')
    expect(newest).toHaveTextContent('500')

    await user.click(within(newest).getByRole('button', { name: 'Details of msg_40' }))
    const drawer = await screen.findByRole('dialog', { name: 'call.converted' })
    expect(await within(drawer).findByLabelText('Request sent')).toHaveTextContent('GET https://tracker.example/pb?cid=101&rev=45.00')
    expect(within(drawer).queryByLabelText('Body sent')).not.toBeInTheDocument()
    expect(within(drawer).getByText('tracker broke')).toBeInTheDocument()
    await user.click(within(drawer).getByRole('button', { name: 'Replay' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toContain('POST /api/integrations/webhooks/12/messages/40/replay'))
  })

  it('filters the log, disables the pixel keeping its password, and deletes it after confirming', async () => {
    const fetchMock = mockFetch(
      routes({
        'PUT /api/integrations/pixels/12': () => jsonResponse(pixel({ enabled: false })),
        'DELETE /api/integrations/pixels/12': () => new Response(null, { status: 204 }),
      }),
    )
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/integrations/pixels/12' })
    await screen.findByRole('table', { name: 'Firing log' })
    await user.click(screen.getByRole('combobox', { name: 'Status' }))
    await user.click(await screen.findByRole('option', { name: 'Failed' }))
    await waitFor(() => expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/fires?') && String(url).includes('status=failed'))).toBe(true))

    await user.click(screen.getByRole('button', { name: 'Disable' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toContain('PUT /api/integrations/pixels/12'))
    expect(bodyOf(fetchMock, 'PUT /api/integrations/pixels/12')).toMatchObject({ enabled: false, basicAuth: { username: 'ads' }, campaignId: 'c-2' })

    await user.click(screen.getByRole('button', { name: 'Delete' }))
    const del = await screen.findByRole('alertdialog', { name: 'Delete this pixel?' })
    expect(calledRoutes(fetchMock)).not.toContain('DELETE /api/integrations/pixels/12')
    await user.click(within(del).getByRole('button', { name: 'Delete pixel' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/integrations'))
  })

  it('edits with the password shown as unchanged', async () => {
    mockFetch(routes())
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations/pixels/12' })
    await screen.findByRole('heading', { level: 1, name: 'Google Ads conversion' })
    await user.click(screen.getByRole('button', { name: 'Edit' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit pixel' })
    expect(await within(dialog).findByLabelText('Password')).toHaveAttribute('placeholder', 'unchanged')
    expect(within(dialog).getByLabelText('User name')).toHaveValue('ads')
    expect(within(dialog).getByRole('checkbox', { name: 'Converted' })).toBeChecked()
  })
})
