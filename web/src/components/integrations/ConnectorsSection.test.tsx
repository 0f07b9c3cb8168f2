import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import { connectorFieldMap, connectorFormValues, connectorInput, effectiveMapping } from '@/components/integrations/connectorForm'
import { connector, connectorTypes, hubspotType, pixelOptions } from '@/test/connectorFixtures'
import { campaignSummary, signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

const eventTypes = [
  { name: 'call.completed', description: 'A call ended normally' },
  { name: 'call.converted', description: 'A call converted' },
]

const page = {
  'GET /api/auth/user': () => jsonResponse(signedInUser),
  'GET /api/integrations/webhooks': () => jsonResponse([]),
  'GET /api/integrations/pixels': () => jsonResponse([]),
  'GET /api/integrations/url-parameters': () => jsonResponse([]),
  'GET /api/integrations/event-types': () => jsonResponse(eventTypes),
  'GET /api/integrations/pixel-options': () => jsonResponse(pixelOptions),
  'GET /api/integrations/connector-types': () => jsonResponse(connectorTypes),
  'GET /api/campaigns': () => listResponse([campaignSummary(), campaignSummary({ id: 'c-2', name: 'Autumn Leads' })]),
}

describe('connector form values', () => {
  it('shows the defaults with the connector’s own templates, and sends back only what differs from them', () => {
    const c = connector()
    expect(effectiveMapping(hubspotType, c.mapping)).toEqual([
      { field: 'hs_call_title', template: 'Inbound call: [campaign_name]' },
      { field: 'lead_source', template: 'Phone' },
    ])
    const values = connectorFormValues(hubspotType, c)
    expect(values).toMatchObject({ baseUrl: '', settings: { createContacts: 'no' }, credentials: { accessToken: '' } })
    // Nothing changed: no credentials, the same overrides.
    expect(connectorInput(hubspotType, values)).toEqual({
      name: 'Sales CRM',
      vendor: 'hubspot',
      baseUrl: null,
      eventTypes: ['call.completed'],
      campaignIds: [],
      settings: { createContacts: 'no' },
      mapping: { hs_call_body: '', lead_source: 'Phone' },
      enabled: true,
    })
    // Back to every default, with a new token: the token is sent, and no removal.
    const reset = { ...values, mapping: effectiveMapping(hubspotType), credentials: { accessToken: ' pat-new ' } }
    expect(connectorInput(hubspotType, reset)).toMatchObject({ credentials: { accessToken: 'pat-new' }, mapping: {} })
  })

  it('puts the server’s mapping error on the row of that field', () => {
    const values = connectorFormValues(hubspotType)
    const map = connectorFieldMap(() => values)
    expect(map('mapping.hs_call_body')).toBe('mapping.1.template')
    expect(map('mapping.unknown')).toBe('mapping')
    expect(map('settings.createContacts')).toBe('settings.createContacts')
    expect(map('credentials.accessToken')).toBe('credentials.accessToken')
    expect(map('settings.nope')).toBeUndefined()
    expect(map('baseUrl')).toBe('baseUrl')
  })
})

describe('connectors on the Integrations page', () => {
  it('shows a card per connector with its vendor, state, health and shortened last error', async () => {
    const fetchMock = mockFetch({
      ...page,
      'GET /api/integrations/connectors': () =>
        jsonResponse([
          connector(),
          connector({ id: 22, name: 'Analytics', vendor: 'ga4', vendorName: 'Google Analytics 4', enabled: false, lastError: null, figures: { ...connector().figures, attempts: 0, successRate: null, lastSuccessAt: null } }),
        ]),
    })
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    const section = await screen.findByRole('region', { name: 'Connectors' })
    expect(within(section).queryByText(/not available/i)).not.toBeInTheDocument()
    const first = await within(section).findByRole('group', { name: 'Sales CRM' })
    expect(within(first).getByRole('link', { name: 'Sales CRM' })).toHaveAttribute('href', '/integrations/connectors/21')
    expect(first).toHaveTextContent('HubSpot')
    expect(first).toHaveTextContent('Enabled')
    expect(first).toHaveTextContent('95.0%')
    expect(first).toHaveTextContent('3 minutes ago')
    expect(first).toHaveTextContent('HubSpot answered 401: Authentication credentials not found.')
    expect(first).toHaveTextContent('HTTP 401')
    expect(first).not.toHaveTextContent('End of message.')
    expect(within(first).getByRole('link', { name: 'Log of Sales CRM' })).toHaveAttribute('href', '/integrations/connectors/21')

    const second = within(section).getByRole('group', { name: 'Analytics' })
    expect(second).toHaveTextContent('Google Analytics 4')
    expect(second).toHaveTextContent('Disabled')
    expect(second).toHaveTextContent('No attempts')
    expect(second).toHaveTextContent('None in 7 days')
    // The vendors are asked for only when a dialog opens.
    expect(calledRoutes(fetchMock, { withGets: true })).not.toContain('GET /api/integrations/connector-types')
  })

  it('says so when there is none, and offers Retry when they cannot be loaded', async () => {
    let calls = 0
    mockFetch({
      ...page,
      'GET /api/integrations/connectors': () => (++calls === 1 ? errorResponse(500, 'INTERNAL_ERROR', 'Database unavailable') : jsonResponse([])),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    const section = await screen.findByRole('region', { name: 'Connectors' })
    expect(await within(section).findByText('Database unavailable')).toBeInTheDocument()
    await user.click(within(section).getByRole('button', { name: 'Retry' }))
    expect(await within(section).findByText('No connectors yet')).toBeInTheDocument()
  })

  it('adds a connector: pick the vendor, fill the fields generated from it, send settings and credentials apart with the mapping', async () => {
    const created = connector({ id: 23, name: 'HubSpot' })
    const fetchMock = mockFetch({
      ...page,
      'GET /api/integrations/connectors': () => jsonResponse([]),
      'POST /api/integrations/connectors': () => jsonResponse(created, 201),
      'GET /api/integrations/connectors/23': () => jsonResponse(created),
      'GET /api/integrations/connectors/23/messages': () => jsonResponse([]),
    })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/integrations' })
    const section = await screen.findByRole('region', { name: 'Connectors' })
    await within(section).findByText('No connectors yet')
    await user.click(within(section).getAllByRole('button', { name: 'Add connector' })[0]!)
    const dialog = await screen.findByRole('dialog', { name: 'Add connector' })
    const vendors = await within(dialog).findByRole('list', { name: 'Vendors' })
    expect(within(vendors).getAllByRole('button').map((b) => b.querySelector('.font-medium')?.textContent)).toEqual(['HubSpot', 'Google Analytics 4', 'Pipedrive'])
    expect(vendors).toHaveTextContent("Finds the caller's person by phone")
    await user.click(within(vendors).getByRole('button', { name: /HubSpot/ }))

    // The form of HubSpot's fields: its secret as a password, its choice as a select.
    expect(within(dialog).getByLabelText(/Name/)).toHaveValue('HubSpot')
    const token = within(dialog).getByLabelText(/Private app access token/)
    expect(token).toHaveAttribute('type', 'password')
    expect(within(dialog).getByText('Settings → Integrations → Private apps')).toBeInTheDocument()
    const choice = within(dialog).getByRole('combobox', { name: /Create missing contacts/ })
    expect(choice).toHaveTextContent('Default (yes)')
    expect(within(dialog).getByRole('checkbox', { name: 'call.completed' })).toBeChecked()
    expect(within(dialog).getByRole('checkbox', { name: 'call.incoming' })).not.toBeChecked()
    expect(within(dialog).getByLabelText('Field 1')).toHaveValue('hs_call_title')
    expect(within(dialog).getByLabelText('Template 2')).toHaveValue('Call [call_sid] to [tracking_number]')
    expect(within(dialog).queryByLabelText('Base URL')).not.toBeInTheDocument()

    // Required: the token. Nothing is sent without it.
    await user.click(within(dialog).getByRole('button', { name: 'Add connector' }))
    expect(await within(dialog).findByText('Enter the private app access token')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([])

    await user.type(token, 'pat-na1-secret-1234')
    await user.click(choice)
    await user.click(await screen.findByRole('option', { name: 'no' }))
    await user.click(within(dialog).getByRole('checkbox', { name: 'call.converted' }))
    // Change the title with a token, drop the body, add a field of our own.
    const title = within(dialog).getByLabelText('Template 1')
    await user.clear(title)
    await user.type(title, 'Call from ')
    await user.click(within(dialog).getByRole('button', { name: 'Insert a token in template 1' }))
    await user.click(await screen.findByRole('menuitem', { name: /\[caller_id\]/ }))
    expect(title).toHaveValue('Call from [caller_id]')
    await user.click(within(dialog).getByRole('button', { name: 'Remove mapping 2' }))
    await user.click(within(dialog).getByRole('button', { name: 'Add field' }))
    await user.type(within(dialog).getByLabelText('Field 2'), 'lead_source')
    await user.type(within(dialog).getByLabelText('Template 2'), 'Phone')
    await user.click(within(dialog).getByRole('button', { name: 'Advanced' }))
    expect(within(dialog).getByLabelText('Base URL')).toHaveAttribute('placeholder', 'https://api.hubapi.com')
    await user.click(within(dialog).getByRole('button', { name: 'Add connector' }))

    await waitFor(() => expect(router.state.location.pathname).toBe('/integrations/connectors/23'))
    expect(bodyOf(fetchMock, 'POST /api/integrations/connectors')).toEqual({
      name: 'HubSpot',
      vendor: 'hubspot',
      baseUrl: null,
      eventTypes: ['call.completed', 'call.converted'],
      campaignIds: [],
      settings: { createContacts: 'no' },
      credentials: { accessToken: 'pat-na1-secret-1234' },
      mapping: { hs_call_title: 'Call from [caller_id]', hs_call_body: '', lead_source: 'Phone' },
      enabled: true,
    })
  })

  it('edits a connector keeping its stored secret when left empty', async () => {
    const fetchMock = mockFetch({
      ...page,
      'GET /api/integrations/connectors': () => jsonResponse([connector({ campaignIds: ['c-2'] })]),
      'PUT /api/integrations/connectors/21': () => jsonResponse(connector({ name: 'Main CRM' })),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    await user.click(await screen.findByRole('button', { name: 'Edit Sales CRM' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit connector' })
    const token = await within(dialog).findByLabelText(/Private app access token/)
    expect(token).toHaveValue('')
    expect(token).toHaveAttribute('placeholder', 'leave empty to keep')
    expect(within(dialog).getByText('Set (…abcd)')).toBeInTheDocument()
    expect(within(dialog).queryByRole('button', { name: 'Change vendor' })).not.toBeInTheDocument()
    expect(within(dialog).getByRole('radio', { name: 'Only the campaigns I pick' })).toBeChecked()
    expect(await within(dialog).findByRole('checkbox', { name: 'Autumn Leads' })).toBeChecked()
    const name = within(dialog).getByLabelText(/Name/)
    await user.clear(name)
    await user.type(name, 'Main CRM')
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit connector' })).not.toBeInTheDocument())
    const body = bodyOf(fetchMock, 'PUT /api/integrations/connectors/21') as Record<string, unknown>
    expect(body).not.toHaveProperty('credentials')
    expect(body).toEqual({
      name: 'Main CRM',
      vendor: 'hubspot',
      baseUrl: null,
      eventTypes: ['call.completed'],
      campaignIds: ['c-2'],
      settings: { createContacts: 'no' },
      mapping: { hs_call_body: '', lead_source: 'Phone' },
      enabled: true,
    })
  })

  it('shows the server’s error on the setting it names', async () => {
    mockFetch({
      ...page,
      'GET /api/integrations/connectors': () => jsonResponse([]),
      'POST /api/integrations/connectors': () =>
        errorResponse(422, 'VALIDATION_ERROR', 'Invalid settings.measurementId: must look like G-XXXXXXXXXX', {
          field: 'settings.measurementId',
          reason: 'must look like G-XXXXXXXXXX',
        }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    await screen.findByText('No connectors yet')
    await user.click(screen.getAllByRole('button', { name: 'Add connector' })[0]!)
    const dialog = await screen.findByRole('dialog', { name: 'Add connector' })
    await user.click(await within(dialog).findByRole('button', { name: /Google Analytics 4/ }))
    expect(within(dialog).getByLabelText(/Currency/)).toHaveAttribute('placeholder', 'USD')
    expect(within(dialog).getByRole('checkbox', { name: 'call.converted' })).toBeChecked()
    await user.type(within(dialog).getByLabelText(/Measurement ID/), 'UA-1234')
    await user.type(within(dialog).getByLabelText(/Measurement Protocol API secret/), 'mp-secret')
    await user.click(within(dialog).getByRole('button', { name: 'Add connector' }))
    expect(await within(dialog).findByText('must look like G-XXXXXXXXXX')).toBeInTheDocument()
    expect(within(dialog).getByLabelText(/Measurement ID/)).toHaveAttribute('aria-invalid', 'true')
    expect(within(dialog).queryByRole('alert', { name: /must look like/ })).not.toBeInTheDocument()
  })

  it('tests the connection from the card and shows what the vendor answered', async () => {
    const fetchMock = mockFetch({
      ...page,
      'GET /api/integrations/connectors': () => jsonResponse([connector()]),
      'POST /api/integrations/connectors/21/test': () => jsonResponse({ ok: false, status: 401, message: 'HubSpot refused the token', latencyMs: 84 }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    const card = await screen.findByRole('group', { name: 'Sales CRM' })
    await user.click(within(card).getByRole('button', { name: 'Test connection' }))
    const result = await within(card).findByRole('status', { name: 'Connection test' })
    expect(result).toHaveTextContent('Connection failed')
    expect(result).toHaveTextContent('HubSpot refused the token')
    expect(result).toHaveTextContent('HTTP 401 · 84 ms')
    expect(calledRoutes(fetchMock)).toEqual(['POST /api/integrations/connectors/21/test'])
  })

  it('deletes a connector after confirming', async () => {
    let list = [connector()]
    const fetchMock = mockFetch({
      ...page,
      'GET /api/integrations/connectors': () => jsonResponse(list),
      'DELETE /api/integrations/connectors/21': () => {
        list = []
        return new Response(null, { status: 204 })
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/integrations' })
    await user.click(await screen.findByRole('button', { name: 'Delete Sales CRM' }))
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete this connector?' })
    expect(calledRoutes(fetchMock)).toEqual([])
    await user.click(within(confirm).getByRole('button', { name: 'Delete connector' }))
    expect(await screen.findByText('No connectors yet')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual(['DELETE /api/integrations/connectors/21'])
  })
})
