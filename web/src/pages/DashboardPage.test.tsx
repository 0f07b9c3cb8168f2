import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { DashboardStats } from '@/api/types'
import { jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { DashboardPage } from './DashboardPage'

const user = { id: 1, username: 'sumit', email: 'sumit@example.com', timeZone: 'UTC' }

function stats(overrides: Partial<DashboardStats> = {}): DashboardStats {
  return { activeCampaigns: 1, totalCalls: 5, successRate: 80, totalRevenue: '125.50', recentCalls: [], ...overrides }
}

describe('DashboardPage', () => {
  it('renders the four stat cards and the empty state when there are no calls', async () => {
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/stats/dashboard': () => jsonResponse(stats()),
    })
    renderWithProviders(<DashboardPage />)

    expect(screen.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument()
    for (const title of ['Active Campaigns', 'Calls Today', 'Success Rate', 'Revenue']) {
      expect(screen.getByRole('heading', { name: title })).toBeInTheDocument()
    }
    expect(await screen.findByText('No calls yet')).toBeInTheDocument()
    expect(screen.getByText('80.0%')).toBeInTheDocument()
    expect(screen.getByText('$125.50')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: /Create Campaign/ })).toHaveAttribute('href', '/campaigns')
    expect(screen.getByRole('link', { name: /View Reports/ })).toHaveAttribute('href', '/enhanced-reporting')
    expect(screen.getByRole('link', { name: /Manage Numbers/ })).toHaveAttribute('href', '/phone-numbers')
  })

  it('lists recent calls with formatted values', async () => {
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/stats/dashboard': () =>
        jsonResponse(
          stats({
            recentCalls: [
              {
                id: 140,
                fromNumber: '+12129200892',
                toNumber: '+18562813889',
                status: 'completed',
                duration: 125,
                revenue: '15.50',
                createdAt: '2025-08-04T12:30:45Z',
              },
            ],
          }),
        ),
    })
    renderWithProviders(<DashboardPage />)

    const row = (await screen.findByText('+1 (212) 920-0892')).closest('tr')
    expect(row).not.toBeNull()
    const cells = within(row as HTMLElement)
    expect(cells.getByText('+1 (856) 281-3889')).toBeInTheDocument()
    expect(cells.getByText('Completed')).toBeInTheDocument()
    expect(cells.getByText('2:05')).toBeInTheDocument()
    expect(cells.getByText('$15.50')).toBeInTheDocument()
    expect(screen.queryByText('No calls yet')).not.toBeInTheDocument()
  })

  it('shows an error with a retry that loads the figures again', async () => {
    let attempts = 0
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/stats/dashboard': () => {
        attempts += 1
        return attempts === 1
          ? jsonResponse({ error: { code: 'INTERNAL_ERROR', message: 'Database unavailable' } }, 500)
          : jsonResponse(stats({ activeCampaigns: 3 }))
      },
    })
    renderWithProviders(<DashboardPage />)

    expect(await screen.findByRole('alert')).toHaveTextContent('Database unavailable')
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(await screen.findByText('3')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })
})
