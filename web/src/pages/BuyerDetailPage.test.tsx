import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { cloneElement, type ReactElement } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { ReportSpec } from '@/api/reports'
import { AppRoutes } from '@/App'
import { buyer, signedInUser } from '@/test/fixtures'
import { performanceAnswer } from '@/test/performanceFixtures'
import { errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

// jsdom has no layout: give the charts a fixed size instead of measuring their container.
vi.mock('recharts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('recharts')>()
  return {
    ...actual,
    ResponsiveContainer: ({ children }: { children: ReactElement<{ width?: number; height?: number }> }) => (
      <div style={{ width: 600, height: 220 }}>{cloneElement(children, { width: 600, height: 220 })}</div>
    ),
  }
})

const session = { 'GET /api/auth/user': () => jsonResponse(signedInUser) }

const acme = buyer({
  hourlyCap: 20,
  monthlyCap: 2000,
  campaigns: [{ campaignId: 'c-1', campaignName: 'Spring Promo', priority: 2, weight: 3 }],
  schedule: {
    enabled: true,
    hours: { mon: [{ start: '09:00', end: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    holidays: [],
    breaks: [],
  },
})

describe('buyer detail page', () => {
  it('shows the settings, campaigns, caps and the performance charts of the buyer', async () => {
    const specs: ReportSpec[] = []
    mockFetch({ ...session, 'GET /api/buyers/7': () => jsonResponse(acme), 'POST /api/reports/run': performanceAnswer(specs) })
    renderWithProviders(<AppRoutes />, { path: '/buyers/7' })

    expect(await screen.findByRole('heading', { level: 1, name: 'Acme Insurance' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'All buyers' })).toHaveAttribute('href', '/buyers')
    // Campaigns link to their pages.
    const campaigns = screen.getByRole('table', { name: 'Campaigns of this buyer' })
    expect(within(campaigns).getByRole('link', { name: 'Spring Promo' })).toHaveAttribute('href', '/campaigns/c-1')
    // Caps and concurrency.
    expect(screen.getByText('1 of 5')).toBeInTheDocument()
    expect(screen.getByText('2,000')).toBeInTheDocument()
    expect(screen.getByText('$25.00')).toBeInTheDocument()
    expect(screen.getByText('09:00–17:00')).toBeInTheDocument()

    // Performance: one report by day, filtered by the buyer, the last 30 days by default.
    const performance = screen.getByRole('region', { name: 'Performance' })
    expect(await within(performance).findByText('$510.50')).toBeInTheDocument()
    expect(within(performance).getByText('1:53')).toBeInTheDocument()
    expect(within(performance).getByText('25.0%')).toBeInTheDocument()
    expect(specs[0]).toMatchObject({
      dimensions: ['day'],
      range: 'last30',
      metrics: expect.arrayContaining(['calls', 'connected', 'conversionRate', 'revenue', 'averageDuration']),
      filters: expect.objectContaining({ buyerId: 7, campaignId: null }),
    })
    for (const chart of ['Calls and connected calls per day', 'Conversion rate per day', 'Revenue per day', 'Average handle time per day']) {
      expect(within(performance).getByRole('img', { name: chart })).toBeInTheDocument()
    }
    // Every value axis names its measure and unit.
    expect(within(performance).getByText('Revenue (USD)')).toBeInTheDocument()
    expect(within(performance).getByText('Handle time (m:ss)')).toBeInTheDocument()
    expect(within(performance).getByText('Conversion rate (%)')).toBeInTheDocument()
  })

  it('asks for the last 7 or 90 days (a custom range ending today) from the period switch', async () => {
    const specs: ReportSpec[] = []
    mockFetch({ ...session, 'GET /api/buyers/7': () => jsonResponse(acme), 'POST /api/reports/run': performanceAnswer(specs) })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/buyers/7' })
    const period = await screen.findByRole('group', { name: 'Performance period' })
    await user.click(within(period).getByRole('button', { name: '90 days' }))
    await waitFor(() => expect(specs.some((s) => s.range === 'custom')).toBe(true))
    const custom = specs.find((s) => s.range === 'custom')!
    const days = (Date.parse(`${custom.to}T00:00:00Z`) - Date.parse(`${custom.from}T00:00:00Z`)) / 86_400_000
    expect(days).toBe(89)
    await user.click(within(period).getByRole('button', { name: '7 days' }))
    await waitFor(() => expect(specs.some((s) => s.range === 'last7')).toBe(true))
    expect(within(period).getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'true')
  })

  it('says when the buyer had no calls, and shows a failed report with a retry', async () => {
    let fail = true
    const specs: ReportSpec[] = []
    const empty = performanceAnswer(specs, { empty: true })
    mockFetch({
      ...session,
      'GET /api/buyers/7': () => jsonResponse(acme),
      'POST /api/reports/run': (init) => (fail ? errorResponse(500, 'INTERNAL_ERROR', 'Reports are down') : empty(init)),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/buyers/7' })
    const performance = await screen.findByRole('region', { name: 'Performance' })
    expect(await within(performance).findByText('The performance figures could not be loaded.')).toBeInTheDocument()
    expect(within(performance).getByText('Reports are down')).toBeInTheDocument()
    fail = false
    await user.click(within(performance).getByRole('button', { name: 'Retry' }))
    expect(await within(performance).findByText('No calls in the last 30 days')).toBeInTheDocument()
  })

  it('opens the buyer edit dialog with its values', async () => {
    mockFetch({ ...session, 'GET /api/buyers/7': () => jsonResponse(acme), 'POST /api/reports/run': performanceAnswer([]) })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/buyers/7' })
    await user.click(await screen.findByRole('button', { name: 'Edit' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit Acme Insurance' })
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveValue('Acme Insurance')
    expect(within(dialog).getByRole('textbox', { name: 'Daily cap' })).toHaveValue('100')
  })

  it('shows "Buyer not found" for a buyer that does not exist', async () => {
    mockFetch({ ...session, 'GET /api/buyers/99': () => errorResponse(404, 'NOT_FOUND', 'Buyer not found') })
    renderWithProviders(<AppRoutes />, { path: '/buyers/99' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Buyer not found' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'All buyers' })).toHaveAttribute('href', '/buyers')
  })

  it('opens from the buyer list by a click on the row, while the row buttons keep their own action', async () => {
    mockFetch({
      ...session,
      'GET /api/buyers': () => listResponse([acme]),
      'GET /api/buyers/7': () => jsonResponse(acme),
      'POST /api/reports/run': performanceAnswer([]),
    })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/buyers' })
    const table = await screen.findByRole('table', { name: 'Buyers' })
    const row = (await within(table).findByRole('link', { name: 'Acme Insurance' })).closest('tr')!

    // The Edit button opens the dialog and stays on the list.
    await user.click(within(row).getByRole('button', { name: 'Edit Acme Insurance' }))
    expect(await screen.findByRole('dialog', { name: 'Edit Acme Insurance' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/buyers')
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())

    // A click elsewhere on the row opens the buyer.
    await user.click(within(row).getByText('+1 212-555-0111'))
    expect(await screen.findByRole('heading', { level: 1, name: 'Acme Insurance' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/buyers/7')
  })
})
