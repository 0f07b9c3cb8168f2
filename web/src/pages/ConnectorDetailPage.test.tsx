import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { WebhookMessage, WebhookMessageDetail } from '@/api/integrations'
import { connector, connectorTypes, pixelOptions } from '@/test/connectorFixtures'
import { campaignSummary, signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

function delivery(overrides: Partial<WebhookMessage> = {}): WebhookMessage {
  return {
    id: 60,
    webhookId: 'msg_60',
    eventId: 'evt_12',
    eventType: 'call.completed',
    status: 'failed',
    attempts: 3,
    nextAttemptAt: null,
    lastStatus: 401,
    lastError: null,
    createdAt: '2026-12-06T10:00:00Z',
    deliveredAt: null,
    ...overrides,
  }
}

const detail: WebhookMessageDetail = {
  ...delivery(),
  body: '{"engagement":{"type":"CALL"}}',
  attemptsLog: [{ at: '2026-12-06T10:00:00Z', statusCode: 401, latencyMs: 95, response: 'Authentication credentials not found', error: null }],
}

function routes(extra: Record<string, Parameters<typeof mockFetch>[0][string]> = {}) {
  return {
    'GET /api/auth/user': () => jsonResponse(signedInUser),
    'GET /api/integrations/connector-types': () => jsonResponse(connectorTypes),
    'GET /api/integrations/pixel-options': () => jsonResponse(pixelOptions),
    'GET /api/integrations/event-types': () => jsonResponse([]),
    'GET /api/campaigns': () => listResponse([campaignSummary(), campaignSummary({ id: 'c-2', name: 'Autumn Leads' })]),
    'GET /api/integrations/connectors/21': () => jsonResponse(connector({ campaignIds: ['c-2'] })),
    'GET /api/integrations/connectors/21/messages': () => jsonResponse([delivery(), delivery({ id: 59, webhookId: 'msg_59', status: 'delivered', lastStatus: 200, attempts: 1 })]),
    'GET /api/integrations/webhooks/21/messages/60': () => jsonResponse(detail),
    ...extra,
  }
}

describe('connector page', () => {
  it('shows the health figures, the whole last error, the settings with the mapping in effect, and the log', async () => {
    mockFetch(routes())
    renderWithProviders(<AppRoutes />, { path: '/integrations/connectors/21' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Sales CRM' })).toBeInTheDocument()
    expect(screen.getByText('HubSpot connector')).toBeInTheDocument()
    const figures = screen.getByRole('region', { name: 'Connector figures, last 7 days' })
    expect(figures).toHaveTextContent('95.0%')
    expect(figures).toHaveTextContent('210 ms')
    const lastError = screen.getByRole('region', { name: 'Last error' })
    expect(lastError).toHaveTextContent('HubSpot answered 401: Authentication credentials not found.')
    expect(lastError).toHaveTextContent('End of message.')
    expect(lastError).toHaveTextContent('HTTP 401')

    expect(await screen.findByText('Autumn Leads')).toBeInTheDocument()
    expect(await screen.findByText('Set (…abcd)')).toBeInTheDocument()
    expect(screen.getByText('Create missing contacts').nextSibling).toHaveTextContent('no')
    expect(screen.getByText('hs_call_title')).toBeInTheDocument()
    expect(screen.getByText('lead_source')).toBeInTheDocument()
    // The default body it removed is not in effect.
    expect(screen.queryByText('hs_call_body')).not.toBeInTheDocument()

    const table = await screen.findByRole('table', { name: 'Delivery log' })
    const newest = within(table).getAllByRole('row')[1]!
    expect(newest).toHaveTextContent('call.completed')
    expect(newest).toHaveTextContent('Failed')
    expect(newest).toHaveTextContent('401')
  })

  it('tests the connection and shows the result inline', async () => {
    const fetchMock = mockFetch(
      routes({ 'POST /api/integrations/connectors/21/test': () => jsonResponse({ ok: true, status: 200, message: 'Signed in to portal 4431', latencyMs: 120 }) }),
    )
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations/connectors/21' })
    await screen.findByRole('heading', { level: 1, name: 'Sales CRM' })
    expect(screen.queryByRole('status', { name: 'Connection test' })).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Test connection' }))
    const result = await screen.findByRole('status', { name: 'Connection test' })
    expect(result).toHaveTextContent('Connection works')
    expect(result).toHaveTextContent('Signed in to portal 4431')
    expect(result).toHaveTextContent('HTTP 200 · 120 ms')
    expect(calledRoutes(fetchMock)).toEqual(['POST /api/integrations/connectors/21/test'])
  })

  it('opens a delivery with its attempts and replays it through the webhook message routes', async () => {
    const fetchMock = mockFetch(routes({ 'POST /api/integrations/webhooks/21/messages/60/replay': () => jsonResponse({ queued: 1 }, 202) }))
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations/connectors/21' })
    await screen.findByRole('table', { name: 'Delivery log' })
    await user.click(await screen.findByRole('button', { name: 'Details of msg_60' }))
    const drawer = await screen.findByRole('dialog', { name: 'call.completed' })
    expect(await within(drawer).findByText('Authentication credentials not found')).toBeInTheDocument()
    await user.click(within(drawer).getByRole('button', { name: 'Replay' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toContain('POST /api/integrations/webhooks/21/messages/60/replay'))
  })

  it('disables keeping its settings, mapping and default base URL, without credentials; deletes after confirming', async () => {
    const fetchMock = mockFetch(
      routes({
        'PUT /api/integrations/connectors/21': () => jsonResponse(connector({ enabled: false })),
        'DELETE /api/integrations/connectors/21': () => new Response(null, { status: 204 }),
      }),
    )
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/integrations/connectors/21' })
    // The vendor's fields are known: its default base URL is sent as none.
    await screen.findByText('Create missing contacts')
    await user.click(screen.getByRole('button', { name: 'Disable' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toContain('PUT /api/integrations/connectors/21'))
    expect(bodyOf(fetchMock, 'PUT /api/integrations/connectors/21')).toEqual({
      name: 'Sales CRM',
      vendor: 'hubspot',
      baseUrl: null,
      eventTypes: ['call.completed'],
      campaignIds: ['c-2'],
      settings: { createContacts: 'no' },
      mapping: { hs_call_body: '', lead_source: 'Phone' },
      enabled: false,
    })

    await user.click(screen.getByRole('button', { name: 'Delete' }))
    const del = await screen.findByRole('alertdialog', { name: 'Delete this connector?' })
    await user.click(within(del).getByRole('button', { name: 'Delete connector' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/integrations'))
    expect(calledRoutes(fetchMock)).toContain('DELETE /api/integrations/connectors/21')
  })

  it('edits from the page with the secret kept unless typed', async () => {
    const fetchMock = mockFetch(routes({ 'PUT /api/integrations/connectors/21': () => jsonResponse(connector()) }))
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations/connectors/21' })
    await screen.findByRole('heading', { level: 1, name: 'Sales CRM' })
    await user.click(screen.getByRole('button', { name: 'Edit' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit connector' })
    await user.type(await within(dialog).findByLabelText(/Private app access token/), 'pat-new-9999')
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toContain('PUT /api/integrations/connectors/21'))
    expect(bodyOf(fetchMock, 'PUT /api/integrations/connectors/21')).toMatchObject({ credentials: { accessToken: 'pat-new-9999' } })
  })

  it('shows not found for an unknown connector', async () => {
    mockFetch({ ...routes(), 'GET /api/integrations/connectors/99': () => errorResponse(404, 'NOT_FOUND', 'No such connector') })
    renderWithProviders(<AppRoutes />, { path: '/integrations/connectors/99' })
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument()
  })
})
