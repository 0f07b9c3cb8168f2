import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { ApiKey, ApiKeyCreated, ScopeFamily } from '@/api/apiKeys'
import { apiKeyInput, groupScopes, splitAddresses } from '@/components/settings/apiKeyForm'
import { signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'

const families: ScopeFamily[] = [
  { family: 'campaigns', description: 'Campaigns and their settings', scopes: ['campaigns:read', 'campaigns:write'] },
  { family: 'buyers', description: 'Buyers and their caps', scopes: ['buyers:read', 'buyers:write'] },
  { family: 'calls', description: 'Calls and their recordings', scopes: ['calls:read', 'calls:write'] },
  { family: 'conversions', description: 'Conversions of calls', scopes: ['conversions:read', 'conversions:write'] },
]

function apiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: 3,
    name: 'Reporting script',
    prefix: 'cc_live_aB3d',
    scopes: ['calls:read', 'conversions:write'],
    allowedIps: ['203.0.113.0/24'],
    expiresAt: null,
    lastUsedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    lastUsedIp: '203.0.113.9',
    createdAt: '2026-12-01T10:00:00Z',
    revokedAt: null,
    status: 'active',
    ...overrides,
  }
}

const session = { 'GET /api/auth/user': () => jsonResponse(signedInUser) }
const scopes = { 'GET /api/settings/api-keys/scopes': () => jsonResponse(families) }

describe('API key form values', () => {
  it('sends write alone (it includes read), the addresses trimmed by line, and omits what is left empty', () => {
    expect(splitAddresses(' 203.0.113.0/24 \r\n\n  2001:db8::/32\n   ')).toEqual(['203.0.113.0/24', '2001:db8::/32'])
    expect(apiKeyInput({ name: ' CRM ', scopes: { calls: 'write', buyers: 'none', campaigns: 'read' }, allowedIps: '\n', expiresAt: '' }, families)).toEqual({
      name: 'CRM',
      scopes: ['campaigns:read', 'calls:write'],
    })
    expect(groupScopes(['calls:read', 'calls:write', 'buyers:read'])).toEqual([
      { family: 'calls', level: 'write' },
      { family: 'buyers', level: 'read' },
    ])
  })
})

describe('Settings page', () => {
  it('replaces "Coming soon" with the API keys, listing active, expired and revoked keys with their details', async () => {
    mockFetch({
      ...session,
      ...scopes,
      'GET /api/settings/api-keys': () =>
        jsonResponse([
          apiKey(),
          apiKey({ id: 2, name: 'Old export', prefix: 'cc_live_Zz90', scopes: ['buyers:read'], allowedIps: [], expiresAt: '2026-11-01T00:00:00Z', lastUsedAt: null, lastUsedIp: null, status: 'expired' }),
          apiKey({ id: 1, name: 'Leaked key', prefix: 'cc_live_Qq11', revokedAt: '2026-12-02T08:00:00Z', status: 'revoked' }),
        ]),
    })
    renderWithProviders(<AppRoutes />, { path: '/settings' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument()
    expect(screen.queryByText('Coming soon')).not.toBeInTheDocument()
    expect(screen.getByRole('navigation', { name: 'Settings sections' }).querySelector('[aria-current="page"]')).toHaveTextContent('API keys')

    const table = await screen.findByRole('table', { name: 'API keys' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(3)

    const [active, expired, revoked] = rows as [HTMLElement, HTMLElement, HTMLElement]
    expect(within(active).getByText('Reporting script')).toBeInTheDocument()
    expect(within(active).getByText('cc_live_aB3d…')).toBeInTheDocument()
    expect(within(active).getAllByRole('cell')[0]).toHaveTextContent('From 203.0.113.0/24')
    expect(within(within(active).getByRole('list', { name: 'Scopes' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'calls: read',
      'conversions: write',
    ])
    expect(within(active).getByText('Active')).toBeInTheDocument()
    expect(within(active).getByText('5 minutes ago')).toBeInTheDocument()
    expect(within(active).getByText('from 203.0.113.9')).toBeInTheDocument()
    expect(within(active).getByRole('button', { name: 'Revoke Reporting script' })).toBeInTheDocument()

    expect(within(expired).getByText('Expired')).toBeInTheDocument()
    expect(within(expired).getByText('From any address')).toBeInTheDocument()
    expect(within(expired).getByText('Never')).toBeInTheDocument()
    expect(within(expired).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument()

    expect(within(revoked).getByText('Revoked')).toBeInTheDocument()
    expect(within(revoked).getByText(/^Dec 2,/)).toBeInTheDocument()
    expect(within(revoked).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument()
    // Keys that no longer work are greyed.
    expect(within(revoked).getByText('Leaked key').closest('.opacity-70')).not.toBeNull()
    expect(within(active).getByText('Reporting script').closest('.opacity-70')).toBeNull()
  })

  it('creates a key with the picked scopes, addresses and expiry, shows it once, and forgets it on closing', async () => {
    let keys: ApiKey[] = []
    const created: ApiKeyCreated = {
      ...apiKey({ id: 9, name: 'Call sync', scopes: ['calls:read', 'buyers:write'], lastUsedAt: null, lastUsedIp: null }),
      key: 'cc_live_aB3dFullSecretValue0123456789',
    }
    const fetchMock = mockFetch({
      ...session,
      ...scopes,
      'GET /api/settings/api-keys': () => jsonResponse(keys),
      'POST /api/settings/api-keys': () => {
        const { key: _key, ...shown } = created
        keys = [shown]
        return jsonResponse(created, 201)
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/settings/api-keys' })
    expect(await screen.findByText('No API keys yet')).toBeInTheDocument()
    await user.click(screen.getAllByRole('button', { name: 'Create API key' })[0]!)

    const dialog = await screen.findByRole('dialog', { name: 'Create API key' })
    // Nothing picked: the form says so instead of sending.
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }))
    expect(await within(dialog).findByText('Name the key, e.g. after the tool that uses it')).toBeInTheDocument()
    expect(within(dialog).getByText('Give the key read or write access to at least one family')).toBeInTheDocument()

    await user.type(within(dialog).getByLabelText(/^Name/), 'Call sync')
    const calls = await within(dialog).findByRole('group', { name: 'calls' })
    expect(within(calls).getByRole('radio', { name: 'None' })).toBeChecked()
    await user.click(within(calls).getByRole('radio', { name: 'Read' }))
    await user.click(within(within(dialog).getByRole('group', { name: 'buyers' })).getByRole('radio', { name: 'Write' }))
    await user.click(within(within(dialog).getByRole('group', { name: 'campaigns' })).getByRole('radio', { name: 'Read' }))
    await user.click(within(within(dialog).getByRole('group', { name: 'campaigns' })).getByRole('radio', { name: 'None' }))
    await user.type(within(dialog).getByLabelText('Allowed addresses'), '  203.0.113.0/24 {enter}{enter}2001:db8::/32  ')
    fireEvent.change(within(dialog).getByLabelText('Expires'), { target: { value: '2030-01-15T09:30' } })
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }))

    const reveal = await screen.findByRole('dialog', { name: 'API key created' })
    expect(bodyOf(fetchMock, 'POST /api/settings/api-keys')).toEqual({
      name: 'Call sync',
      scopes: ['buyers:write', 'calls:read'],
      allowedIps: ['203.0.113.0/24', '2001:db8::/32'],
      expiresAt: new Date('2030-01-15T09:30').toISOString(),
    })
    expect(within(reveal).getByTestId('api-key-secret')).toHaveTextContent('cc_live_aB3dFullSecretValue0123456789')
    expect(within(reveal).getByText('Copy it now: it will not be shown again.')).toBeInTheDocument()
    expect(within(reveal).getByText(`curl -H "Authorization: Bearer cc_live_aB3dFullSecretValue0123456789" ${window.location.origin}/api/calls`)).toBeInTheDocument()
    await user.click(within(reveal).getByRole('button', { name: 'Copy API key' }))
    expect(await navigator.clipboard.readText()).toBe('cc_live_aB3dFullSecretValue0123456789')

    await user.click(within(reveal).getByRole('button', { name: 'I have copied the key' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    // The list shows the new key by its prefix only; the key itself is gone from the page.
    const table = await screen.findByRole('table', { name: 'API keys' })
    expect(await within(table).findByText('Call sync')).toBeInTheDocument()
    expect(screen.queryByText(/FullSecretValue/)).not.toBeInTheDocument()

    // Opening the dialog again starts a new, empty form: the key is not shown again.
    await user.click(screen.getByRole('button', { name: 'Create API key' }))
    const again = await screen.findByRole('dialog', { name: 'Create API key' })
    expect(within(again).getByLabelText(/^Name/)).toHaveValue('')
    expect(screen.queryByText(/FullSecretValue/)).not.toBeInTheDocument()
  })

  it('puts a 422 on the allowed addresses under that field', async () => {
    const fetchMock = mockFetch({
      ...session,
      ...scopes,
      'GET /api/settings/api-keys': () => jsonResponse([]),
      'POST /api/settings/api-keys': () =>
        errorResponse(422, 'VALIDATION_ERROR', 'Validation failed', { field: 'allowedIps', reason: '"10.0.0.999" is not an IP address or CIDR range' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/settings' })
    await user.click((await screen.findAllByRole('button', { name: 'Create API key' }))[0]!)
    const dialog = await screen.findByRole('dialog', { name: 'Create API key' })
    await user.type(within(dialog).getByLabelText(/^Name/), 'Office')
    await user.click(within(await within(dialog).findByRole('group', { name: 'calls' })).getByRole('radio', { name: 'Read' }))
    await user.type(within(dialog).getByLabelText('Allowed addresses'), '10.0.0.999')
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }))

    const field = within(dialog).getByLabelText('Allowed addresses')
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'))
    expect(field).toHaveAccessibleDescription('"10.0.0.999" is not an IP address or CIDR range')
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument()
    expect(bodyOf(fetchMock, 'POST /api/settings/api-keys')).toEqual({ name: 'Office', scopes: ['calls:read'], allowedIps: ['10.0.0.999'] })
    // Still the form, and no key revealed.
    expect(screen.queryByRole('dialog', { name: 'API key created' })).not.toBeInTheDocument()
  })

  it('revokes a key after confirming, with DELETE', async () => {
    let keys = [apiKey()]
    const fetchMock = mockFetch({
      ...session,
      ...scopes,
      'GET /api/settings/api-keys': () => jsonResponse(keys),
      'DELETE /api/settings/api-keys/3': () => {
        keys = [apiKey({ status: 'revoked', revokedAt: new Date().toISOString() })]
        return jsonResponse(keys[0])
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/settings' })
    await user.click(await screen.findByRole('button', { name: 'Revoke Reporting script' }))
    const confirm = await screen.findByRole('alertdialog', { name: 'Revoke this API key?' })
    expect(confirm).toHaveTextContent('“Reporting script” (cc_live_aB3d…) stops working at once')
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }))
    expect(calledRoutes(fetchMock)).toEqual([])

    await user.click(screen.getByRole('button', { name: 'Revoke Reporting script' }))
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Revoke key' }))
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument())
    expect(calledRoutes(fetchMock)).toEqual(['DELETE /api/settings/api-keys/3'])
    const table = screen.getByRole('table', { name: 'API keys' })
    expect(await within(table).findByText('Revoked')).toBeInTheDocument()
    expect(within(table).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument()
  })

  it('marks the sections not built yet, each saying so in one sentence', async () => {
    mockFetch({ ...session, ...scopes, 'GET /api/settings/api-keys': () => jsonResponse([]) })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/settings' })
    const nav = await screen.findByRole('navigation', { name: 'Settings sections' })
    const links = within(nav).getAllByRole('link')
    expect(links.map((a) => a.textContent)).toEqual([
      'API keys',
      'Profile',
      'Password',
      'NotificationsNot available yet',
      'Campaign defaultsNot available yet',
      'Team',
      'Security',
      'Audit log',
      'Carrier accountsNot available yet',
    ])

    await user.click(within(nav).getByRole('link', { name: /Notifications/ }))
    expect(await screen.findByRole('heading', { level: 2, name: 'Notifications' })).toBeInTheDocument()
    expect(screen.getByText(/^Notifications settings \(which alerts you receive, and how\) are not built yet/)).toBeInTheDocument()
    expect(within(nav).getByRole('link', { name: /Notifications/ })).toHaveAttribute('aria-current', 'page')
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Create API key' })).not.toBeInTheDocument()

    await user.click(within(nav).getByRole('link', { name: /Carrier accounts/ }))
    expect(await screen.findByText(/^Carrier accounts settings .* are not built yet/)).toBeInTheDocument()
  })

  it('sends an unknown section back to /settings', async () => {
    mockFetch({ ...session, ...scopes, 'GET /api/settings/api-keys': () => jsonResponse([]) })
    const { router } = renderWithProviders(<AppRoutes />, { path: '/settings/no-such-section' })
    expect(await screen.findByRole('heading', { level: 2, name: 'API keys' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/settings')
  })
})
