import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import { jsonResponse, mockFetch, renderWithProviders } from '@/test/render'

const user = { id: 1, username: 'sumit', email: 'sumit@example.com', timeZone: 'UTC' }
const emptyStats = { activeCampaigns: 0, totalCalls: 0, successRate: 0, totalRevenue: '0.00', recentCalls: [] }

describe('authenticated layout', () => {
  it('sends a visitor without a session to /login', async () => {
    mockFetch({
      'GET /api/auth/user': () => jsonResponse({ error: { code: 'UNAUTHORIZED', message: 'Not signed in' } }, 401),
    })
    renderWithProviders(<AppRoutes />, { path: '/campaigns' })
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
  })

  it('says why when the account does not allow this address, in place of the app', async () => {
    mockFetch({
      'GET /api/auth/user': () =>
        jsonResponse({ error: { code: 'ADDRESS_NOT_ALLOWED', message: 'Your account does not allow access from this address' } }, 403),
    })
    renderWithProviders(<AppRoutes />, { path: '/campaigns' })
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Your account does not allow access from this address')
    expect(alert).toHaveTextContent('ask an owner to add this address')
    expect(alert).not.toHaveTextContent('could not load your session')
  })

  it('shows every section in the sidebar, in order, with the current one marked', async () => {
    mockFetch({ 'GET /api/auth/user': () => jsonResponse(user) })
    renderWithProviders(<AppRoutes />, { path: '/settings' })
    const nav = await screen.findByRole('navigation', { name: 'Main' })
    const names = Array.from(nav.querySelectorAll('a')).map((a) => a.firstElementChild?.nextElementSibling?.textContent)
    expect(names).toEqual([
      'Dashboard',
      'Campaigns',
      'Buyers',
      'Number Pools',
      'Call Flows',
      'RTB Management',
      'Enhanced Reporting',
      'DNI',
      'Integrations',
      'Phone Numbers',
      'Settings',
    ])
    // Sections not built yet are marked in the sidebar, and say so on their page.
    const soon = Array.from(nav.querySelectorAll('a'))
      .filter((a) => a.querySelector('[data-slot="soon-tag"]'))
      .map((a) => a.getAttribute('href'))
    expect(soon).toEqual([])
    expect(screen.getByRole('link', { name: 'Integrations' })).toHaveAttribute('href', '/integrations')
    expect(screen.getByRole('link', { name: 'DNI' })).toHaveAttribute('href', '/dni')
    expect(screen.getByRole('link', { name: 'Call Flows' })).toHaveAttribute('href', '/call-flows')
    expect(screen.getByRole('link', { name: 'Campaigns' })).toHaveAttribute('href', '/campaigns')
    expect(nav.querySelector('[aria-current="page"]')).toHaveTextContent('Settings')
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument()
    expect(screen.queryByText('Coming soon')).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: /sumit/ })).toBeInTheDocument()
  })

  it('renders the dashboard at /dashboard too, and a not-found page for unknown paths', async () => {
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/stats/dashboard': () => jsonResponse(emptyStats),
    })
    const first = renderWithProviders(<AppRoutes />, { path: '/dashboard' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument()
    first.unmount()

    renderWithProviders(<AppRoutes />, { path: '/no-such-page' })
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Go to the dashboard' })).toHaveAttribute('href', '/')
  })
})
