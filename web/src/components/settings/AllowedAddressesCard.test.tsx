import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { CurrentUser } from '@/api/types'
import { analystUser, signedInUser } from '@/test/fixtures'
import { bodyOf, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { parseAddressList } from './AllowedAddressesCard'

/** The address the mocked server sees the requests come from. */
const MY_ADDRESS = '203.0.113.7'

function inside(address: string, entry: string): boolean {
  // Enough for the test: exact addresses and the /24 that holds MY_ADDRESS.
  return entry === address || (entry === '203.0.113.0/24' && address.startsWith('203.0.113.'))
}

function renderAllowed({ user = signedInUser as CurrentUser, allowedIps = [] as string[] } = {}) {
  let list = allowedIps
  const fetchMock = mockFetch({
    'GET /api/auth/user': () => jsonResponse(user),
    'GET /api/settings/sessions': () => jsonResponse([]),
    'GET /api/settings/sign-ins': () => jsonResponse([]),
    'GET /api/settings/two-factor': () => jsonResponse({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, requiredByAccount: false }),
    'GET /api/settings/security': () => jsonResponse({ requireTwoFactor: false, allowedIps: list }),
    'PUT /api/settings/security': (init) => {
      if (user.role !== 'owner') return errorResponse(403, 'FORBIDDEN', 'Your role cannot do this')
      const given = (JSON.parse(String(init?.body)) as { allowedIps: string[] }).allowedIps
      const bad = given.find((entry) => !/^[\d.:a-f]+(\/\d+)?$/i.test(entry))
      if (bad) {
        return errorResponse(422, 'VALIDATION_ERROR', `Invalid allowedIps: "${bad}" is not an address or CIDR (203.0.113.0/24)`, {
          field: 'allowedIps',
          reason: `"${bad}" is not an address or CIDR (203.0.113.0/24)`,
        })
      }
      if (given.length > 0 && !given.some((entry) => inside(MY_ADDRESS, entry))) {
        return errorResponse(409, 'CONFLICT', `This list would shut you out: include your address (${MY_ADDRESS})`, { field: 'allowedIps' })
      }
      list = given
      return jsonResponse({ requireTwoFactor: false, allowedIps: list })
    },
  })
  return { fetchMock, ...renderWithProviders(<AppRoutes />, { path: '/settings/security' }) }
}

describe('parseAddressList', () => {
  it('takes one entry a line, trimmed, blank lines dropped', () => {
    expect(parseAddressList(' 203.0.113.7 \n\n2001:db8::/32\r\n198.51.100.0/24, 192.0.2.1\n')).toEqual([
      '203.0.113.7',
      '2001:db8::/32',
      '198.51.100.0/24',
      '192.0.2.1',
    ])
    expect(parseAddressList('  \n ')).toEqual([])
  })
})

describe('Settings → Security → allowed addresses', () => {
  it('lets an owner save a list, one address or CIDR a line', async () => {
    const { fetchMock } = renderAllowed()
    const user = userEvent.setup()
    const card = await screen.findByRole('region', { name: 'Allowed addresses' })
    expect(card).toHaveTextContent('members and API keys can only use the app and the API from these addresses')
    expect(card).toHaveTextContent('An empty list allows any address')
    const textarea = await within(card).findByRole('textbox', { name: /Addresses or CIDRs/ })
    expect(textarea).toHaveValue('')
    expect(within(card).getByRole('button', { name: 'Save' })).toBeDisabled()

    await user.type(textarea, '203.0.113.0/24{Enter}  2001:db8::/32  {Enter}{Enter}')
    expect(card).toHaveTextContent('2 entries, at most 20.')
    await user.click(within(card).getByRole('button', { name: 'Save' }))

    await waitFor(() => expect(bodyOf(fetchMock, 'PUT /api/settings/security')).toEqual({ allowedIps: ['203.0.113.0/24', '2001:db8::/32'] }))
    expect(await screen.findByText('Your account may now be used from 2 addresses only')).toBeInTheDocument()
    await waitFor(() => expect(textarea).toHaveValue('203.0.113.0/24\n2001:db8::/32'))
    expect(within(card).getByRole('button', { name: 'Save' })).toBeDisabled()
  })

  it('shows a refusal inline in the server’s words: a list that shuts the owner out, or a bad entry', async () => {
    const { fetchMock } = renderAllowed({ allowedIps: [MY_ADDRESS] })
    const user = userEvent.setup()
    const card = await screen.findByRole('region', { name: 'Allowed addresses' })
    const textarea = await within(card).findByRole('textbox', { name: /Addresses or CIDRs/ })
    await waitFor(() => expect(textarea).toHaveValue(MY_ADDRESS))

    await user.clear(textarea)
    await user.type(textarea, '198.51.100.0/24')
    await user.click(within(card).getByRole('button', { name: 'Save' }))
    const alert = await within(card).findByRole('alert')
    expect(alert).toHaveTextContent(`This list would shut you out: include your address (${MY_ADDRESS})`)
    expect(textarea).toHaveAttribute('aria-invalid', 'true')
    expect(textarea).toHaveValue('198.51.100.0/24')
    expect(bodyOf(fetchMock, 'PUT /api/settings/security')).toEqual({ allowedIps: ['198.51.100.0/24'] })

    // Typing clears the refusal; a bad entry is named.
    await user.clear(textarea)
    expect(within(card).queryByRole('alert')).not.toBeInTheDocument()
    await user.type(textarea, 'office-wifi')
    await user.click(within(card).getByRole('button', { name: 'Save' }))
    expect(await within(card).findByRole('alert')).toHaveTextContent('Allowed addresses: "office-wifi" is not an address or CIDR (203.0.113.0/24)')

    // Cancel goes back to the saved list.
    await user.click(within(card).getByRole('button', { name: 'Cancel' }))
    expect(textarea).toHaveValue(MY_ADDRESS)
    expect(within(card).queryByRole('alert')).not.toBeInTheDocument()
  })

  it('shows other roles the list, read-only', async () => {
    renderAllowed({ user: analystUser as CurrentUser, allowedIps: ['203.0.113.0/24', '2001:db8::/32'] })
    const card = await screen.findByRole('region', { name: 'Allowed addresses' })
    const list = await within(card).findByRole('list', { name: 'Allowed addresses' })
    expect(within(list).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['203.0.113.0/24', '2001:db8::/32'])
    expect(card).toHaveTextContent('Only an owner can change this.')
    expect(within(card).queryByRole('textbox')).not.toBeInTheDocument()
    expect(within(card).queryByRole('button', { name: 'Save' })).not.toBeInTheDocument()
  })

  it('says "Any address" to other roles when the list is empty', async () => {
    renderAllowed({ user: analystUser as CurrentUser })
    const card = await screen.findByRole('region', { name: 'Allowed addresses' })
    expect(await within(card).findByText('Any address')).toBeInTheDocument()
  })
})
