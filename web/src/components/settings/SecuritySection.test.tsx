import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { AccountSession, SignIn } from '@/api/account'
import { signedInUser } from '@/test/fixtures'
import { calledRoutes, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()

function sessions(): AccountSession[] {
  return [
    {
      id: 'aaaa1111',
      device: 'Chrome on macOS',
      userAgent: 'Mozilla/5.0 (Macintosh) Chrome/131',
      ipAddress: '203.0.113.7',
      createdAt: '2026-12-01T09:00:00Z',
      lastSeenAt: minutesAgo(0),
      current: true,
    },
    {
      id: 'bbbb2222',
      device: 'Safari on iPhone',
      userAgent: 'Mozilla/5.0 (iPhone) Safari/604.1',
      ipAddress: '198.51.100.20',
      createdAt: '2026-11-20T18:30:00Z',
      lastSeenAt: minutesAgo(3 * 60),
      current: false,
    },
    {
      id: 'cccc3333',
      device: 'Firefox on Linux',
      userAgent: null,
      ipAddress: null,
      createdAt: '2026-11-02T08:00:00Z',
      lastSeenAt: minutesAgo(2 * 24 * 60),
      current: false,
    },
  ]
}

const signIns: SignIn[] = [
  { success: true, reason: null, device: 'Chrome on macOS', ipAddress: '203.0.113.7', at: '2026-12-01T09:00:00Z' },
  { success: false, reason: 'wrong password', device: 'Chrome on macOS', ipAddress: '203.0.113.7', at: '2026-12-01T08:59:00Z' },
]

const twoFactorOff = {
  'GET /api/settings/two-factor': () => jsonResponse({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, requiredByAccount: false }),
  'GET /api/settings/security': () => jsonResponse({ requireTwoFactor: false }),
}

/** A user in New York: every time is shown in that zone. */
const newYorker = { ...signedInUser, timeZone: 'America/New_York' }

function renderSecurity() {
  let list = sessions()
  let signedIn = true
  const fetchMock = mockFetch({
    'GET /api/auth/user': () => (signedIn ? jsonResponse(newYorker) : errorResponse(401, 'UNAUTHORIZED', 'Not signed in')),
    'GET /api/settings/sessions': () => jsonResponse(list),
    'GET /api/settings/sign-ins': () => jsonResponse(signIns),
    ...twoFactorOff,
    'DELETE /api/settings/sessions': () => {
      const ended = list.filter((s) => !s.current).length
      list = list.filter((s) => s.current)
      return jsonResponse({ success: true, signedOutSessions: ended })
    },
    'DELETE /api/settings/sessions/bbbb2222': () => {
      list = list.filter((s) => s.id !== 'bbbb2222')
      return new Response(null, { status: 204 })
    },
    'DELETE /api/settings/sessions/aaaa1111': () => {
      signedIn = false
      return new Response(null, { status: 204 })
    },
  })
  const rendered = renderWithProviders(<AppRoutes />, { path: '/settings/security' })
  return { fetchMock, ...rendered }
}

describe('Settings → Security', () => {
  it('lists the sessions and the sign-in history in the user’s time zone, below the two-factor settings', async () => {
    renderSecurity()
    const table = await screen.findByRole('table', { name: 'Active sessions' })
    await within(table).findByText('Safari on iPhone')
    const [current, phone, old] = within(table).getAllByRole('row').slice(1) as [HTMLElement, HTMLElement, HTMLElement]
    expect(within(current).getByText('This device')).toBeInTheDocument()
    expect(within(current).getByText('203.0.113.7')).toBeInTheDocument()
    expect(within(current).getByText('Now')).toBeInTheDocument()
    // Signed in 09:00 UTC = 4:00 AM in New York; the full time on hover.
    expect(within(current).getByText(/^Dec 1,( 2026,)? 4:00 AM$/)).toHaveAttribute('title', 'Dec 1, 2026, 4:00 AM')
    expect(within(phone).queryByText('This device')).not.toBeInTheDocument()
    expect(within(phone).getByText('3 hours ago')).toHaveAttribute('title', expect.stringMatching(/^[A-Z][a-z]{2} \d+, 20\d\d, /))
    expect(within(phone).getByText('Safari on iPhone')).toHaveAttribute('title', 'Mozilla/5.0 (iPhone) Safari/604.1')
    expect(within(old).getByText('2 days ago')).toBeInTheDocument()
    expect(within(old).getByText('Unknown')).toBeInTheDocument()

    const history = await screen.findByRole('table', { name: 'Sign-in history' })
    await within(history).findByText('Succeeded')
    const [ok, failed] = within(history).getAllByRole('row').slice(1) as [HTMLElement, HTMLElement]
    expect(within(ok).getByText(/^Dec 1,( 2026,)? 4:00 AM$/)).toBeInTheDocument()
    expect(within(failed).getByText('Failed')).toBeInTheDocument()
    expect(within(failed).getByText('wrong password')).toBeInTheDocument()
    expect(within(failed).getByText(/^Dec 1,( 2026,)? 3:59 AM$/)).toBeInTheDocument()
    // No raw ISO strings.
    expect(document.body.textContent).not.toMatch(/\d{4}-\d\d-\d\dT/)

    const twoFactor = screen.getByRole('region', { name: 'Two-factor authentication' })
    expect(within(twoFactor).getByText('Off')).toBeInTheDocument()
    expect(within(twoFactor).getByRole('button', { name: 'Turn on' })).toBeInTheDocument()
    // The owner's account-wide switch waits for their own two-factor sign-in.
    expect(await screen.findByRole('switch', { name: 'Require two-factor sign-in for every member' })).toBeDisabled()
    expect(screen.queryByText(/not available yet/)).not.toBeInTheDocument()
  })

  it('signs out one other session, then all the others after confirming', async () => {
    const { fetchMock } = renderSecurity()
    const user = userEvent.setup()
    const table = await screen.findByRole('table', { name: 'Active sessions' })
    await within(table).findByText('Safari on iPhone')

    await user.click(within(table).getByRole('button', { name: 'Sign out Safari on iPhone (198.51.100.20)' }))
    await waitFor(() => expect(within(table).queryByText('Safari on iPhone')).not.toBeInTheDocument())
    expect(calledRoutes(fetchMock)).toEqual(['DELETE /api/settings/sessions/bbbb2222'])

    await user.click(screen.getByRole('button', { name: 'Sign out all other sessions' }))
    const confirm = await screen.findByRole('alertdialog', { name: 'Sign out all other sessions?' })
    expect(confirm).toHaveTextContent('1 other session will be signed out')
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }))
    expect(calledRoutes(fetchMock)).toHaveLength(1)

    await user.click(screen.getByRole('button', { name: 'Sign out all other sessions' }))
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Sign out other sessions' }))
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument())
    expect(calledRoutes(fetchMock)).toEqual(['DELETE /api/settings/sessions/bbbb2222', 'DELETE /api/settings/sessions'])
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2))
    expect(screen.getByRole('button', { name: 'Sign out all other sessions' })).toBeDisabled()
  })

  it('signing out this device ends its session and goes to the sign-in page', async () => {
    const { fetchMock, router } = renderSecurity()
    const user = userEvent.setup()
    const table = await screen.findByRole('table', { name: 'Active sessions' })
    await user.click(await within(table).findByRole('button', { name: 'Sign out this device' }))
    const confirm = await screen.findByRole('alertdialog', { name: 'Sign out of this device?' })
    await user.click(within(confirm).getByRole('button', { name: 'Sign out' }))

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'))
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual(['DELETE /api/settings/sessions/aaaa1111'])
  })

  it('shows a failed sign-out in the dialog', async () => {
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(newYorker),
      'GET /api/settings/sessions': () => jsonResponse(sessions()),
      'GET /api/settings/sign-ins': () => jsonResponse([]),
      ...twoFactorOff,
      'DELETE /api/settings/sessions': () => errorResponse(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests, slow down'),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/settings/security' })
    expect(await screen.findByText('No sign-ins yet')).toBeInTheDocument()
    await user.click(await screen.findByRole('button', { name: 'Sign out all other sessions' }))
    const confirm = await screen.findByRole('alertdialog')
    await user.click(within(confirm).getByRole('button', { name: 'Sign out other sessions' }))
    expect(await within(confirm).findByRole('alert')).toHaveTextContent('Too many requests, slow down')
  })
})
