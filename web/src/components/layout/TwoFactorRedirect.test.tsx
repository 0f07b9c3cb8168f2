import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import { analystUser } from '@/test/fixtures'
import { calledRoutes, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'

const setupRequired = () =>
  errorResponse(403, 'TWO_FACTOR_SETUP_REQUIRED', 'Your account requires two-factor sign-in: set it up in Settings, Security')

describe('an account that requires two-factor sign-in', () => {
  it('sends a member without it from any page to the set-up, with an explanation, and lets them in once it is on', async () => {
    let enabled = false
    const gated = (ok: () => Response) => () => (enabled ? ok() : setupRequired())
    const fetchMock = mockFetch({
      'GET /api/auth/user': () => jsonResponse(analystUser),
      'GET /api/stats/dashboard': gated(() => jsonResponse({ activeCampaigns: 0, totalCalls: 0, successRate: 0, totalRevenue: '0.00', recentCalls: [] })),
      'GET /api/settings/sessions': gated(() => jsonResponse([])),
      'GET /api/settings/sign-ins': gated(() => jsonResponse([])),
      'GET /api/settings/security': gated(() => jsonResponse({ requireTwoFactor: true })),
      'GET /api/settings/two-factor': () =>
        jsonResponse({ enabled, enabledAt: enabled ? '2026-12-07T10:00:00Z' : null, recoveryCodesLeft: enabled ? 10 : 0, requiredByAccount: true }),
      'POST /api/settings/two-factor/setup': () => jsonResponse({ secret: 'JBSWY3DPEHPK3PXP', otpauthUrl: 'otpauth://totp/x', qrSvg: '<svg/>' }),
      'POST /api/settings/two-factor/enable': () => {
        enabled = true
        return jsonResponse({ recoveryCodes: ['aaaaa-bbbbb'] })
      },
    })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/' })

    const banner = await screen.findByTestId('two-factor-required-banner')
    expect(router.state.location.pathname).toBe('/settings/security')
    expect(banner).toHaveTextContent('Your account requires two-factor sign-in')
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument()
    // Only the set-up: no sessions or history the server would refuse, and no error on the page.
    expect(screen.queryByRole('heading', { name: 'Active sessions' })).not.toBeInTheDocument()
    expect(screen.queryByText(/set it up in Settings, Security/)).not.toBeInTheDocument()
    const requested = calledRoutes(fetchMock, { withGets: true })
    expect(requested).not.toContain('GET /api/settings/sessions')
    expect(requested).not.toContain('GET /api/settings/security')

    // Going elsewhere comes back here while it is not set up.
    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Dashboard' }))
    expect(await screen.findByTestId('two-factor-required-banner')).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/settings/security')
    expect(calledRoutes(fetchMock, { withGets: true }).filter((r) => r === 'GET /api/stats/dashboard')).toHaveLength(2)

    const card = await screen.findByRole('region', { name: 'Two-factor authentication' })
    await user.click(within(card).getByRole('button', { name: 'Turn on' }))
    const dialog = await screen.findByRole('dialog', { name: 'Turn on two-factor sign-in' })
    await within(dialog).findByRole('img', { name: /QR code/ })
    await user.type(within(dialog).getByLabelText(/6-digit code/), '123456')
    await user.click(within(dialog).getByRole('button', { name: 'Turn on' }))
    const codes = await screen.findByRole('dialog', { name: 'Save your recovery codes' })
    await user.click(within(codes).getByRole('checkbox', { name: 'I have saved my recovery codes' }))
    await user.click(within(codes).getByRole('button', { name: 'Done' }))

    // Set up: the banner goes, the rest of the section loads, and the dashboard opens.
    await waitFor(() => expect(screen.queryByTestId('two-factor-required-banner')).not.toBeInTheDocument())
    expect(await screen.findByText('No active sessions')).toBeInTheDocument()
    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Dashboard' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/')
  })

  it('leaves the profile, which the server still answers, alone', async () => {
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(analystUser),
      'GET /api/settings/profile': () =>
        jsonResponse({ username: 'ana', email: 'ana@example.com', firstName: null, lastName: null, timeZone: 'UTC', language: 'en', role: 'analyst' }),
    })
    const { router } = renderWithProviders(<AppRoutes />, { path: '/settings/profile' })
    expect(await screen.findByRole('form', { name: 'Profile' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/settings/profile')
  })
})
