import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { WebhookEndpoint, WebhookMessage, WebhookMessageDetail } from '@/api/integrations'
import type { UrlParameter } from '@/api/urlParameters'
import { urlParameterFormValues, urlParameterInput } from '@/components/integrations/urlParameterForm'
import { eventsSummary, groupEventTypes, webhookInput, webhookFormValues } from '@/components/integrations/webhookForm'
import { campaignSummary, signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, cellTexts, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

const eventTypes = [
  { name: 'call.incoming', description: 'A call came in to a tracking number' },
  { name: 'call.completed', description: 'A call ended normally' },
  { name: 'buyer.created', description: 'A buyer was created' },
  { name: 'alert.fired', description: 'An alert fired' },
]

function endpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: 7,
    url: 'https://crm.example.com/hooks/calls',
    description: 'CRM sync',
    eventTypes: [],
    campaignIds: [],
    headers: {},
    enabled: true,
    disabledReason: null,
    secretHint: 'whsec_…abcd',
    previousSecretUntil: null,
    failingSince: null,
    figures: {
      attempts: 40,
      successRate: 97.5,
      averageLatencyMs: 120,
      pending: 0,
      failed: 1,
      lastSuccessAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      lastFailureAt: null,
    },
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
    ...overrides,
  }
}

function message(overrides: Partial<WebhookMessage> = {}): WebhookMessage {
  return {
    id: 31,
    webhookId: 'msg_31',
    eventId: 'evt_90',
    eventType: 'call.completed',
    status: 'delivered',
    attempts: 1,
    nextAttemptAt: null,
    lastStatus: 200,
    lastError: null,
    createdAt: '2026-12-06T10:00:00Z',
    deliveredAt: '2026-12-06T10:00:01Z',
    ...overrides,
  }
}

function urlParameter(overrides: Partial<UrlParameter> = {}): UrlParameter {
  return {
    id: 3,
    parameterName: 'affiliate',
    displayName: 'Affiliate',
    parameterType: 'string',
    defaultValue: null,
    trackingScope: 'global',
    campaignId: null,
    status: 'active',
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
    ...overrides,
  }
}

const session = { 'GET /api/auth/user': () => jsonResponse(signedInUser) }
const options = {
  'GET /api/integrations/event-types': () => jsonResponse(eventTypes),
  'GET /api/integrations/pixels': () => jsonResponse([]),
  'GET /api/integrations/url-parameters': () => jsonResponse([]),
  'GET /api/integrations/connectors': () => jsonResponse([]),
  'GET /api/campaigns': () => listResponse([campaignSummary(), campaignSummary({ id: 'c-2', name: 'Autumn Leads' })]),
}

describe('webhook form values', () => {
  it('groups event types by object and summarises a subscription', () => {
    expect(groupEventTypes(eventTypes).map((g) => [g.label, g.types.length])).toEqual([
      ['Calls', 2],
      ['Buyers', 1],
      ['Alerts', 1],
    ])
    expect(eventsSummary([])).toBe('All events')
    expect(eventsSummary(['call.completed'])).toBe('call.completed')
    expect(eventsSummary(['call.completed', 'call.failed', 'buyer.created'])).toBe('call.completed and 2 more')
  })

  it('sends empty lists for "all", and the headers as a map (masked values as they are)', () => {
    const values = webhookFormValues(endpoint({ eventTypes: ['call.completed'], headers: { Authorization: '••••abcd' } }))
    expect(values.allEvents).toBe(false)
    expect(values.headers).toEqual([{ name: 'Authorization', value: '••••abcd' }])
    expect(webhookInput({ ...values, allCampaigns: true, campaignIds: ['c-1'], headers: [...values.headers, { name: ' ', value: '' }] })).toEqual({
      url: 'https://crm.example.com/hooks/calls',
      description: 'CRM sync',
      eventTypes: ['call.completed'],
      campaignIds: [],
      headers: { Authorization: '••••abcd' },
      bodyTemplate: null,
      enabled: true,
    })
  })
})

describe('Integrations page', () => {
  it('replaces "Coming soon" with the webhooks, pixels, URL parameters and connectors sections, with nothing left "not available"', async () => {
    mockFetch({ ...session, ...options, 'GET /api/integrations/webhooks': () => jsonResponse([]), 'GET /api/integrations/connectors': () => jsonResponse([]) })
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Integrations' })).toBeInTheDocument()
    expect(await screen.findByText('No webhook endpoints yet')).toBeInTheDocument()
    expect(await screen.findByText('No pixels yet')).toBeInTheDocument()
    expect(await screen.findByText('No URL parameters yet')).toBeInTheDocument()
    expect(await screen.findByText('No connectors yet')).toBeInTheDocument()
    expect(screen.queryByText('Coming soon')).not.toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Integrations' })).toHaveAttribute('href', '/integrations')
    const connectors = screen.getByRole('region', { name: 'Connectors' })
    expect(connectors).toHaveTextContent('HubSpot, Salesforce, Pipedrive, Google Analytics 4, Meta and Google Ads')
    expect(within(connectors).getAllByRole('button', { name: 'Add connector' }).length).toBeGreaterThan(0)
    expect(screen.queryByText(/not available/i)).not.toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Other integrations' })).not.toBeInTheDocument()
  })

  it('lists endpoints with their events, state, success rate, latency, queue and last delivery', async () => {
    mockFetch({
      ...session,
      ...options,
      'GET /api/integrations/webhooks': () =>
        jsonResponse([
          endpoint(),
          endpoint({
            id: 8,
            url: 'https://gone.example.com/hook',
            description: null,
            eventTypes: ['call.completed', 'call.failed'],
            campaignIds: ['c-1'],
            enabled: false,
            disabledReason: 'the endpoint answered 410 Gone',
            figures: { attempts: 0, successRate: null, averageLatencyMs: null, pending: 0, failed: 3, lastSuccessAt: null, lastFailureAt: null },
          }),
        ]),
    })
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    const table = await screen.findByRole('table', { name: 'Webhook endpoints' })
    const first = (await within(table).findByRole('link', { name: 'https://crm.example.com/hooks/calls' })).closest('tr')!
    expect(within(first).getByRole('link', { name: 'https://crm.example.com/hooks/calls' })).toHaveAttribute('href', '/integrations/webhooks/7')
    expect(first).toHaveTextContent('CRM sync')
    expect(first).toHaveTextContent('All events')
    expect(first).toHaveTextContent('All campaigns')
    expect(first).toHaveTextContent('Enabled')
    expect(first).toHaveTextContent('97.5%')
    expect(first).toHaveTextContent('40 attempts')
    expect(first).toHaveTextContent('120 ms')
    expect(first).toHaveTextContent('0 / 1')
    expect(first).toHaveTextContent('Delivered 5 minutes ago')

    const second = within(table).getByRole('link', { name: 'https://gone.example.com/hook' }).closest('tr')!
    expect(second).toHaveTextContent('call.completed and 1 more')
    expect(second).toHaveTextContent('1 campaign')
    expect(second).toHaveTextContent('Disabled')
    expect(second).toHaveTextContent('Disabled by the platform: the endpoint answered 410 Gone')
    expect(second).toHaveTextContent('No attempts')
    expect(second).toHaveTextContent('No deliveries yet')
  })

  it('adds an endpoint for picked events and campaigns, then shows its secret once', async () => {
    const created = { ...endpoint({ id: 9, eventTypes: ['call.completed'], campaignIds: ['c-2'] }), secret: 'whsec_c2VjcmV0LXNob3duLW9uY2U=' }
    const fetchMock = mockFetch({
      ...session,
      ...options,
      'GET /api/integrations/webhooks': () => jsonResponse([]),
      'POST /api/integrations/webhooks': () => jsonResponse(created, 201),
      'GET /api/integrations/webhooks/9': () => jsonResponse(created),
      'GET /api/integrations/webhooks/9/messages': () => jsonResponse([]),
    })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/integrations' })
    await screen.findByText('No webhook endpoints yet')
    await user.click(screen.getAllByRole('button', { name: 'Add endpoint' })[0]!)
    const dialog = await screen.findByRole('dialog', { name: 'Add endpoint' })
    expect(within(dialog).getByRole('radio', { name: 'All events' })).toBeChecked()

    // Nothing picked: the form says so and sends nothing.
    await user.type(within(dialog).getByLabelText(/Endpoint URL/), 'https://crm.example.com/hooks/calls')
    await user.click(within(dialog).getByRole('radio', { name: 'Only the events I pick' }))
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))
    expect(await within(dialog).findByText('Pick at least one event, or choose all events')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([])

    expect(await within(dialog).findByText('A call ended normally')).toBeInTheDocument()
    await user.click(within(dialog).getByRole('checkbox', { name: 'call.completed' }))
    await user.click(within(dialog).getByRole('radio', { name: 'Only the campaigns I pick' }))
    await user.click(await within(dialog).findByRole('checkbox', { name: 'Autumn Leads' }))
    await user.click(within(dialog).getByRole('button', { name: 'Add header' }))
    await user.type(within(dialog).getByLabelText('Header 1 name'), 'X-Api-Key')
    await user.type(within(dialog).getByLabelText('Header 1 value'), 'k-123')
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))

    const shown = await screen.findByRole('dialog', { name: 'Endpoint added' })
    expect(bodyOf(fetchMock, 'POST /api/integrations/webhooks')).toEqual({
      url: 'https://crm.example.com/hooks/calls',
      description: null,
      eventTypes: ['call.completed'],
      campaignIds: ['c-2'],
      headers: { 'X-Api-Key': 'k-123' },
      bodyTemplate: null,
      enabled: true,
    })
    expect(within(shown).getByText('whsec_c2VjcmV0LXNob3duLW9uY2U=')).toBeInTheDocument()
    expect(within(shown).getByText("Copy it now: you won't see it again.")).toBeInTheDocument()
    expect(within(shown).getByRole('button', { name: 'Copy signing secret' })).toBeInTheDocument()
    await user.click(within(shown).getByRole('button', { name: 'Open endpoint' }))
    expect(router.state.location.pathname).toBe('/integrations/webhooks/9')
    expect(await screen.findByRole('heading', { level: 1, name: 'CRM sync' })).toBeInTheDocument()
    expect(screen.queryByText('whsec_c2VjcmV0LXNob3duLW9uY2U=')).not.toBeInTheDocument()
  })

  it('shows the server’s field error on the URL', async () => {
    mockFetch({
      ...session,
      ...options,
      'GET /api/integrations/webhooks': () => jsonResponse([]),
      'POST /api/integrations/webhooks': () =>
        errorResponse(422, 'VALIDATION_ERROR', 'Invalid input', { field: 'url', reason: 'resolves to a private address' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    await screen.findByText('No webhook endpoints yet')
    await user.click(screen.getAllByRole('button', { name: 'Add endpoint' })[0]!)
    const dialog = await screen.findByRole('dialog', { name: 'Add endpoint' })
    await user.type(within(dialog).getByLabelText(/Endpoint URL/), 'http://10.0.0.1/hook')
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))
    expect(await within(dialog).findByText('resolves to a private address')).toBeInTheDocument()
    expect(within(dialog).getByLabelText(/Endpoint URL/)).toHaveAttribute('aria-invalid', 'true')
  })

  it('sends a custom body, checks it is JSON, and shows the server’s error on it', async () => {
    const fetchMock = mockFetch({
      ...session,
      ...options,
      'GET /api/integrations/pixel-options': () => jsonResponse({ fireOn: [], operators: [], tokens: [{ name: '[caller_id]', description: "The caller's number" }] }),
      'GET /api/integrations/webhooks': () => jsonResponse([]),
      'POST /api/integrations/webhooks': () =>
        errorResponse(422, 'VALIDATION_ERROR', 'Invalid bodyTemplate', { field: 'bodyTemplate', reason: 'unknown token [nope]' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    await screen.findByText('No webhook endpoints yet')
    await user.click(screen.getAllByRole('button', { name: 'Add endpoint' })[0]!)
    const dialog = await screen.findByRole('dialog', { name: 'Add endpoint' })
    await user.type(within(dialog).getByLabelText(/Endpoint URL/), 'https://crm.example.com/hooks/calls')
    const body = within(dialog).getByLabelText('Custom body')
    expect(within(dialog).getByText('JSON with [tokens] inside strings; leave empty for the standard body.')).toBeInTheDocument()
    await user.type(body, '{{"caller": ')
    await user.click(within(dialog).getByRole('button', { name: 'Insert a token in the body' }))
    await user.click(await screen.findByRole('menuitem', { name: /\[caller_id\]/ }))
    expect(body).toHaveValue('{"caller": [caller_id]')
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))
    expect(await within(dialog).findByText('Enter JSON, with [tokens] inside strings')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([])

    await user.clear(body)
    await user.type(body, '{{"caller": "[[nope]"}')
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))
    expect(await within(dialog).findByText('unknown token [nope]')).toBeInTheDocument()
    expect(body).toHaveAttribute('aria-invalid', 'true')
    expect(bodyOf(fetchMock, 'POST /api/integrations/webhooks')).toMatchObject({ bodyTemplate: '{"caller": "[nope]"}' })
  })

  it('offers Retry when the endpoints cannot be loaded', async () => {
    let calls = 0
    mockFetch({
      ...session,
      'GET /api/integrations/pixels': () => jsonResponse([]),
      'GET /api/integrations/url-parameters': () => jsonResponse([]),
      'GET /api/integrations/connectors': () => jsonResponse([]),
      'GET /api/integrations/webhooks': () => (++calls === 1 ? errorResponse(500, 'INTERNAL_ERROR', 'Database unavailable') : jsonResponse([])),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    expect(await screen.findByText('Database unavailable')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Retry' }))
    expect(await screen.findByText('No webhook endpoints yet')).toBeInTheDocument()
  })
})

describe('URL parameter form values', () => {
  it('send no campaign unless scoped to one, and null for an empty display name and default', () => {
    const values = urlParameterFormValues(urlParameter({ displayName: 'affiliate', trackingScope: 'campaign', campaignId: 'c-2', status: 'inactive' }))
    expect(values).toMatchObject({ displayName: '', trackingScope: 'campaign', campaignId: 'c-2', active: false })
    expect(urlParameterInput(values)).toEqual({
      parameterName: 'affiliate',
      displayName: null,
      parameterType: 'string',
      defaultValue: null,
      trackingScope: 'campaign',
      campaignId: 'c-2',
      status: 'inactive',
    })
    expect(urlParameterInput({ ...values, trackingScope: 'global', defaultValue: ' 5 ', parameterType: 'number', active: true })).toMatchObject({
      trackingScope: 'global',
      campaignId: null,
      defaultValue: '5',
      status: 'active',
    })
  })
})

describe('Integrations page: URL parameters', () => {
  it('lists the parameters with type, default, scope with the campaign name and status, and links to their calls', async () => {
    mockFetch({
      ...session,
      ...options,
      'GET /api/integrations/webhooks': () => jsonResponse([]),
      'GET /api/integrations/url-parameters': () =>
        jsonResponse([
          urlParameter(),
          urlParameter({ id: 4, parameterName: 'sub_id', displayName: 'sub_id', parameterType: 'number', defaultValue: '0', trackingScope: 'campaign', campaignId: 'c-2', status: 'inactive' }),
        ]),
    })
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    const section = await screen.findByRole('region', { name: 'URL parameters' })
    expect(section).toHaveTextContent('https://your-domain/api/webhooks/twilio?affiliate=a1')
    const table = within(section).getByRole('table', { name: 'URL parameters' })
    await within(table).findByText('Autumn Leads')
    expect(within(table).getAllByRole('row').slice(1).map(cellTexts)).toEqual([
      ['affiliateAffiliate', 'Text', 'None', 'All campaigns', 'Active', 'Find calls'],
      ['sub_id', 'Number', '0', 'Autumn Leads', 'Inactive', 'Find calls'],
    ])
    expect(within(table).getByRole('link', { name: 'Find calls by sub_id' })).toHaveAttribute('href', '/enhanced-reporting?paramName=sub_id')
  })

  it('adds a parameter, checks the default against the type and shows the server’s conflict on the name', async () => {
    const fetchMock = mockFetch({
      ...session,
      ...options,
      'GET /api/integrations/webhooks': () => jsonResponse([]),
      'POST /api/integrations/url-parameters': () =>
        errorResponse(409, 'CONFLICT', 'Conflict', { field: 'parameterName', reason: 'is already tracked' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    await screen.findByText('No URL parameters yet')
    await user.click(screen.getAllByRole('button', { name: 'Add parameter' })[0]!)
    const dialog = await screen.findByRole('dialog', { name: 'Add URL parameter' })

    await user.click(within(dialog).getByRole('button', { name: 'Add parameter' }))
    expect(await within(dialog).findByText('Enter the query parameter’s name')).toBeInTheDocument()
    await user.type(within(dialog).getByLabelText(/Parameter name/), 'aff id')
    await user.click(within(dialog).getByRole('combobox', { name: 'Type' }))
    await user.click(await screen.findByRole('option', { name: 'Number' }))
    await user.type(within(dialog).getByLabelText('Default value'), 'ten')
    await user.click(within(dialog).getByRole('combobox', { name: 'Tracked for' }))
    await user.click(await screen.findByRole('option', { name: 'One campaign' }))
    await user.click(within(dialog).getByRole('button', { name: 'Add parameter' }))
    expect(await within(dialog).findByText('Letters, digits, _, - and . only')).toBeInTheDocument()
    expect(within(dialog).getByText('A number, such as 10 or 2.5')).toBeInTheDocument()
    expect(within(dialog).getByText('Choose the campaign')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([])

    await user.clear(within(dialog).getByLabelText(/Parameter name/))
    await user.type(within(dialog).getByLabelText(/Parameter name/), 'Affiliate')
    await user.clear(within(dialog).getByLabelText('Default value'))
    await user.type(within(dialog).getByLabelText('Default value'), '10')
    await user.click(within(dialog).getByRole('combobox', { name: /Campaign/ }))
    await user.click(await screen.findByRole('option', { name: 'Autumn Leads' }))
    await user.click(within(dialog).getByRole('button', { name: 'Add parameter' }))
    expect(await within(dialog).findByText('is already tracked')).toBeInTheDocument()
    expect(within(dialog).getByLabelText(/Parameter name/)).toHaveAttribute('aria-invalid', 'true')
    expect(bodyOf(fetchMock, 'POST /api/integrations/url-parameters')).toEqual({
      parameterName: 'Affiliate',
      displayName: null,
      parameterType: 'number',
      defaultValue: '10',
      trackingScope: 'campaign',
      campaignId: 'c-2',
      status: 'active',
    })
  })

  it('edits a parameter and deletes one after asking', async () => {
    let list = [urlParameter()]
    const fetchMock = mockFetch({
      ...session,
      ...options,
      'GET /api/integrations/webhooks': () => jsonResponse([]),
      'GET /api/integrations/url-parameters': () => jsonResponse(list),
      'PUT /api/integrations/url-parameters/3': () => {
        list = [urlParameter({ displayName: 'Partner' })]
        return jsonResponse(list[0])
      },
      'DELETE /api/integrations/url-parameters/3': () => {
        list = []
        return jsonResponse({ deleted: 3 })
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    await user.click(await screen.findByRole('button', { name: 'Edit affiliate' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit URL parameter' })
    expect(within(dialog).getByLabelText(/Parameter name/)).toHaveValue('affiliate')
    await user.clear(within(dialog).getByLabelText('Display name'))
    await user.type(within(dialog).getByLabelText('Display name'), 'Partner')
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit URL parameter' })).not.toBeInTheDocument())
    expect(bodyOf(fetchMock, 'PUT /api/integrations/url-parameters/3')).toMatchObject({ parameterName: 'affiliate', displayName: 'Partner', status: 'active' })
    expect(await screen.findByText('Partner')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Delete affiliate' }))
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete URL parameter?' })
    await user.click(within(confirm).getByRole('button', { name: 'Delete parameter' }))
    expect(await screen.findByText('No URL parameters yet')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual(['PUT /api/integrations/url-parameters/3', 'DELETE /api/integrations/url-parameters/3'])
  })
})

describe('webhook endpoint page', () => {
  const detail: WebhookMessageDetail = {
    ...message({ id: 100, webhookId: 'msg_100', eventType: 'webhook.test', status: 'pending', lastStatus: 500, deliveredAt: null, nextAttemptAt: '2026-12-06T10:05:00Z' }),
    body: '{"event":"webhook.test","eventId":"evt_91"}',
    attemptsLog: [{ at: '2026-12-06T10:00:00Z', statusCode: 500, latencyMs: 42, response: 'upstream broke', error: null }],
  }

  function routes(extra: Record<string, Parameters<typeof mockFetch>[0][string]> = {}) {
    return {
      ...session,
      ...options,
      'GET /api/integrations/webhooks/7': () => jsonResponse(endpoint({ headers: { Authorization: '••••abcd' }, campaignIds: ['c-2'] })),
      'GET /api/integrations/webhooks/7/messages': (_init: RequestInit | undefined, url: URL) =>
        url.searchParams.get('before') === '51'
          ? jsonResponse([message({ id: 5, webhookId: 'msg_5', eventType: 'call.incoming' })])
          : jsonResponse([
              message({ id: 100, webhookId: 'msg_100', eventType: 'webhook.test', status: 'pending', lastStatus: 500, deliveredAt: null, nextAttemptAt: '2026-12-06T10:05:00Z' }),
              ...Array.from({ length: 49 }, (_, i) => message({ id: 99 - i, webhookId: `msg_${99 - i}` })),
            ]),
      'GET /api/integrations/webhooks/7/messages/100': () => jsonResponse(detail),
      ...extra,
    }
  }

  it('shows the settings, figures, log with "Load more", and the signature guide', async () => {
    const fetchMock = mockFetch(routes())
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations/webhooks/7' })
    expect(await screen.findByRole('heading', { level: 1, name: 'CRM sync' })).toBeInTheDocument()
    const figures = screen.getByRole('region', { name: 'Endpoint figures, last 7 days' })
    expect(figures).toHaveTextContent('97.5%')
    expect(figures).toHaveTextContent('120 ms')
    expect(screen.getByText('Authorization: ••••abcd')).toBeInTheDocument()
    expect(await screen.findByText('Autumn Leads')).toBeInTheDocument()
    expect(screen.getByText('whsec_…abcd')).toBeInTheDocument()

    const table = await screen.findByRole('table', { name: 'Delivery log' })
    const newest = within(table).getAllByRole('row')[1]!
    expect(newest).toHaveTextContent('webhook.test')
    expect(newest).toHaveTextContent('Pending')
    expect(newest).toHaveTextContent('500')
    await user.click(screen.getByRole('button', { name: 'Load more' }))
    expect(await within(table).findByText('call.incoming')).toBeInTheDocument()
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/messages?') && String(url).includes('before=51'))).toBe(true)

    expect(screen.getByRole('heading', { name: 'Verify signatures' })).toBeInTheDocument()
    expect(screen.getByLabelText('Node.js sample')).toHaveTextContent("import { Webhook } from 'standardwebhooks'")
    expect(screen.getByText('raw body')).toBeInTheDocument()
    await user.click(screen.getByRole('tab', { name: 'Python' }))
    expect(screen.getByLabelText('Python sample')).toHaveTextContent('from standardwebhooks.webhooks import Webhook')
  })

  it('filters the log by status', async () => {
    const fetchMock = mockFetch(routes())
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations/webhooks/7' })
    await screen.findByRole('table', { name: 'Delivery log' })
    await user.click(screen.getByRole('combobox', { name: 'Status' }))
    await user.click(await screen.findByRole('option', { name: 'Failed' }))
    await waitFor(() => expect(fetchMock.mock.calls.some(([url]) => String(url).includes('status=failed'))).toBe(true))
  })

  it('opens a message with its body and attempts, and replays it', async () => {
    const fetchMock = mockFetch(routes({ 'POST /api/integrations/webhooks/7/messages/100/replay': () => jsonResponse({ queued: 1 }, 202) }))
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations/webhooks/7' })
    await screen.findByRole('table', { name: 'Delivery log' })
    await user.click(await screen.findByRole('button', { name: 'Details of msg_100' }))
    const drawer = await screen.findByRole('dialog', { name: 'webhook.test' })
    expect(await within(drawer).findByText('HTTP 500')).toBeInTheDocument()
    expect(within(drawer).getByText('42 ms')).toBeInTheDocument()
    expect(within(drawer).getByText('upstream broke')).toBeInTheDocument()
    expect(within(drawer).getByLabelText('Body sent')).toHaveTextContent('"event": "webhook.test"')
    await user.click(within(drawer).getByRole('button', { name: 'Replay' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toContain('POST /api/integrations/webhooks/7/messages/100/replay'))
    expect(await screen.findByText('Message queued to be sent again')).toBeInTheDocument()
  })

  it('sends a test event, disables, replays failed messages since a time, rotates the secret and deletes', async () => {
    const fetchMock = mockFetch(
      routes({
        'POST /api/integrations/webhooks/7/test': () => jsonResponse({ eventId: 'evt_92', queued: true }, 202),
        'PUT /api/integrations/webhooks/7': () => jsonResponse(endpoint({ enabled: false })),
        'POST /api/integrations/webhooks/7/replay': () => jsonResponse({ queued: 3 }, 202),
        'POST /api/integrations/webhooks/7/rotate-secret': () => jsonResponse({ ...endpoint(), secret: 'whsec_bmV3LXNlY3JldA==' }),
        'DELETE /api/integrations/webhooks/7': () => new Response(null, { status: 204 }),
      }),
    )
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/integrations/webhooks/7' })
    await screen.findByRole('heading', { level: 1, name: 'CRM sync' })

    await user.click(screen.getByRole('button', { name: 'Send test event' }))
    expect(await screen.findByText('Test event queued: it is sent within a second or two')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Disable' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toContain('PUT /api/integrations/webhooks/7'))
    expect(bodyOf(fetchMock, 'PUT /api/integrations/webhooks/7')).toEqual({
      url: 'https://crm.example.com/hooks/calls',
      description: 'CRM sync',
      eventTypes: [],
      campaignIds: ['c-2'],
      headers: { Authorization: '••••abcd' },
      bodyTemplate: null,
      enabled: false,
    })

    const since = screen.getByLabelText('Replay failed messages since')
    await user.clear(since)
    await user.type(since, '2026-12-05T08:30')
    await user.click(screen.getByRole('button', { name: 'Replay failed' }))
    expect(await screen.findByText('3 failed messages queued to be sent again')).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'POST /api/integrations/webhooks/7/replay')).toEqual({ since: new Date('2026-12-05T08:30').toISOString() })

    await user.click(screen.getByRole('button', { name: 'Rotate secret' }))
    const confirm = await screen.findByRole('alertdialog', { name: 'Rotate the signing secret?' })
    expect(calledRoutes(fetchMock)).not.toContain('POST /api/integrations/webhooks/7/rotate-secret')
    await user.click(within(confirm).getByRole('button', { name: 'Rotate secret' }))
    const rotated = await screen.findByRole('dialog', { name: 'New signing secret' })
    expect(within(rotated).getByText('whsec_bmV3LXNlY3JldA==')).toBeInTheDocument()
    expect(within(rotated).getByText(/keeps signing as a second signature for 24 hours/)).toBeInTheDocument()
    await user.click(within(rotated).getByRole('button', { name: 'Done' }))

    await user.click(screen.getByRole('button', { name: 'Delete' }))
    const del = await screen.findByRole('alertdialog', { name: 'Delete this endpoint?' })
    await user.click(within(del).getByRole('button', { name: 'Delete endpoint' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/integrations'))
    expect(calledRoutes(fetchMock)).toContain('DELETE /api/integrations/webhooks/7')
  })

  it('shows the custom body when the endpoint has one, and keeps it when disabled', async () => {
    const template = '{"caller":"[caller_id]"}'
    const fetchMock = mockFetch(
      routes({
        'GET /api/integrations/webhooks/7': () => jsonResponse(endpoint({ bodyTemplate: template })),
        'PUT /api/integrations/webhooks/7': () => jsonResponse(endpoint({ bodyTemplate: template, enabled: false })),
      }),
    )
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations/webhooks/7' })
    expect(await screen.findByLabelText('Custom body')).toHaveTextContent('"caller": "[caller_id]"')
    await user.click(screen.getByRole('button', { name: 'Disable' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toContain('PUT /api/integrations/webhooks/7'))
    expect(bodyOf(fetchMock, 'PUT /api/integrations/webhooks/7')).toMatchObject({ bodyTemplate: template, enabled: false })
  })

  it('shows no custom body for the standard one', async () => {
    mockFetch(routes())
    renderWithProviders(<AppRoutes />, { path: '/integrations/webhooks/7' })
    await screen.findByRole('heading', { level: 1, name: 'CRM sync' })
    expect(screen.queryByLabelText('Custom body')).not.toBeInTheDocument()
  })

  it('shows not found for an unknown endpoint', async () => {
    mockFetch({ ...session, 'GET /api/integrations/webhooks/99': () => errorResponse(404, 'NOT_FOUND', 'No such endpoint') })
    renderWithProviders(<AppRoutes />, { path: '/integrations/webhooks/99' })
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument()
  })
})
