import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { Profile } from '@/api/account'
import { signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'

const profile: Profile = {
  username: 'sumit',
  email: 'sumit@example.com',
  firstName: null,
  lastName: null,
  timeZone: 'UTC',
  language: 'en',
  role: 'owner',
}

function renderProfile(routes: Parameters<typeof mockFetch>[0] = {}) {
  const fetchMock = mockFetch({
    'GET /api/auth/user': () => jsonResponse(signedInUser),
    'GET /api/settings/profile': () => jsonResponse(profile),
    ...routes,
  })
  const rendered = renderWithProviders(<AppRoutes />, { path: '/settings/profile' })
  return { fetchMock, ...rendered }
}

const userChecks = (fetchMock: Parameters<typeof calledRoutes>[0]) =>
  calledRoutes(fetchMock, { withGets: true }).filter((route) => route === 'GET /api/auth/user').length

describe('Settings → Profile', () => {
  it('shows the profile, saves the changed name and time zone, and refreshes the current user', async () => {
    const { fetchMock } = renderProfile({
      'PUT /api/settings/profile': (init) => {
        const body = JSON.parse(String(init?.body)) as Record<string, unknown>
        return jsonResponse({ ...profile, ...body })
      },
    })
    const user = userEvent.setup()
    const form = await screen.findByRole('form', { name: 'Profile' })
    const nav = screen.getByRole('navigation', { name: 'Settings sections' })
    expect(within(nav).getByRole('link', { name: 'Profile' })).toHaveAttribute('aria-current', 'page')

    const username = within(form).getByLabelText('Username')
    expect(username).toHaveValue('sumit')
    expect(username).toHaveAttribute('readonly')
    expect(within(form).getByLabelText('E-mail address')).toHaveValue('sumit@example.com')
    expect(within(form).getByRole('combobox', { name: /Time zone/ })).toHaveTextContent('UTC')
    expect(within(form).getByText('Only English for now; other languages can be added later.')).toBeInTheDocument()
    // No made-up avatar upload: one plain sentence.
    expect(within(form).getByText(/Profile pictures are not available yet/)).toBeInTheDocument()
    expect(within(form).queryByRole('button', { name: /upload/i })).not.toBeInTheDocument()

    await user.type(within(form).getByLabelText('First name'), 'Sumit')
    await user.type(within(form).getByLabelText('Last name'), 'Kumar')
    await user.click(within(form).getByRole('combobox', { name: /Time zone/ }))
    await user.type(await screen.findByRole('textbox', { name: 'Search time zones' }), 'berlin')
    await user.click(await screen.findByRole('option', { name: 'Europe/Berlin' }))
    expect(within(form).getByRole('combobox', { name: /Time zone/ })).toHaveTextContent('Europe/Berlin')

    const before = userChecks(fetchMock)
    await user.click(within(form).getByRole('button', { name: 'Save profile' }))
    expect(await within(form).findByRole('status')).toHaveTextContent('Profile saved')
    expect(bodyOf(fetchMock, 'PUT /api/settings/profile')).toEqual({
      email: 'sumit@example.com',
      firstName: 'Sumit',
      lastName: 'Kumar',
      timeZone: 'Europe/Berlin',
      language: 'en',
    })
    // The current user carries the time zone every time in the app is shown in: fetched afresh.
    await waitFor(() => expect(userChecks(fetchMock)).toBeGreaterThan(before))
  })

  it('sends an emptied e-mail as none and shows the server’s field errors inline', async () => {
    let answer = errorResponse(422, 'VALIDATION_ERROR', 'Invalid timeZone: is not a known IANA time zone', {
      field: 'timeZone',
      reason: 'is not a known IANA time zone',
    })
    const { fetchMock } = renderProfile({ 'PUT /api/settings/profile': () => answer })
    const user = userEvent.setup()
    const form = await screen.findByRole('form', { name: 'Profile' })

    await user.click(within(form).getByRole('button', { name: 'Save profile' }))
    expect(await within(form).findByText('Time zone is not a known IANA time zone')).toBeInTheDocument()
    expect(within(form).getByRole('combobox', { name: /Time zone/ })).toHaveAttribute('aria-invalid', 'true')
    expect(within(form).queryByRole('status')).not.toBeInTheDocument()

    // A 409: the e-mail address belongs to someone else.
    answer = errorResponse(409, 'CONFLICT', 'That e-mail address is in use', { field: 'email', reason: 'is already used by another member' })
    const email = within(form).getByLabelText('E-mail address')
    await user.clear(email)
    await user.type(email, 'taken@example.com')
    await user.click(within(form).getByRole('button', { name: 'Save profile' }))
    expect(await within(form).findByText('E-mail address is already used by another member')).toBeInTheDocument()
    expect(email).toHaveAttribute('aria-invalid', 'true')

    // Client-side: a malformed address is not sent.
    const puts = calledRoutes(fetchMock).length
    await user.clear(email)
    await user.type(email, 'not-an-address')
    await user.click(within(form).getByRole('button', { name: 'Save profile' }))
    expect(await within(form).findByText(/Enter an e-mail address/)).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toHaveLength(puts)

    answer = jsonResponse({ ...profile, email: null })
    await user.clear(email)
    await user.click(within(form).getByRole('button', { name: 'Save profile' }))
    expect(await within(form).findByRole('status')).toHaveTextContent('Profile saved')
    expect(bodyOf(fetchMock, 'PUT /api/settings/profile', 2)).toMatchObject({ email: null, firstName: null, lastName: null })
  })

  it('says so when the profile cannot be loaded', async () => {
    renderProfile({ 'GET /api/settings/profile': () => errorResponse(500, 'INTERNAL_ERROR', 'Database unavailable') })
    expect(await screen.findByText('Your profile could not be loaded')).toBeInTheDocument()
    expect(screen.getByText('Database unavailable')).toBeInTheDocument()
  })
})
