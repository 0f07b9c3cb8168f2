import { screen, within } from '@testing-library/react'
import { cloneElement, type ReactElement } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { ReportSpec } from '@/api/reports'
import { AppRoutes } from '@/App'
import { campaign, signedInUser } from '@/test/fixtures'
import { performanceAnswer } from '@/test/performanceFixtures'
import { jsonResponse, mockFetch, renderWithProviders } from '@/test/render'

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

const spring = campaign({
  status: 'active',
  buyers: [
    { buyerId: 7, buyerName: 'Acme Insurance', buyerStatus: 'active', priority: 2, weight: 1, maxConcurrentCalls: 3, hourlyCap: null, dailyCap: 50, monthlyCap: null, status: 'active' },
  ],
  buyersCount: 1,
})

describe('campaign detail page, performance', () => {
  it('loads the campaign’s calls by day and draws calls, conversion rate, revenue and handle time on their own axes', async () => {
    const specs: ReportSpec[] = []
    let answer: (() => void) | undefined
    const respond = performanceAnswer(specs)
    mockFetch({
      ...session,
      'GET /api/campaigns/c-1': () => jsonResponse(spring),
      'GET /api/campaigns/c-1/readiness': () => jsonResponse({ campaignId: 'c-1', status: 'active', ready: true, checks: [] }),
      // Held back until the skeleton has been seen.
      'POST /api/reports/run': (init) => new Promise<Response>((resolve) => (answer = () => resolve(respond(init)))),
    })
    renderWithProviders(<AppRoutes />, { path: '/campaigns/c-1' })
    const performance = await screen.findByRole('region', { name: 'Performance' })
    expect(within(performance).getByRole('status', { name: 'Loading performance' })).toBeInTheDocument()
    await vi.waitFor(() => expect(answer).toBeDefined())
    answer?.()

    expect(await within(performance).findByText('$510.50')).toBeInTheDocument()
    expect(specs[0]).toMatchObject({ dimensions: ['day'], range: 'last30', filters: expect.objectContaining({ campaignId: 'c-1', buyerId: null }) })
    expect(within(performance).getByText(/Nov 24 – Nov 25/)).toBeInTheDocument()

    // Money ticks carry the currency, durations read m:ss, rates are percentages.
    const revenue = within(performance).getByRole('img', { name: 'Revenue per day' })
    expect(within(revenue).getAllByText(/^\$\d/).length).toBeGreaterThan(0)
    const handle = within(performance).getByRole('img', { name: 'Average handle time per day' })
    expect(within(handle).getAllByText(/^\d+:\d{2}$/).length).toBeGreaterThan(0)
    const rate = within(performance).getByRole('img', { name: 'Conversion rate per day' })
    expect(within(rate).getAllByText(/^\d+(\.\d)?%$/).length).toBeGreaterThan(0)
    // Calls and revenue are never on one chart.
    const calls = within(performance).getByRole('img', { name: 'Calls and connected calls per day' })
    expect(within(calls).queryAllByText(/^\$/)).toHaveLength(0)
  })

  it('links the campaign’s buyers to their pages', async () => {
    mockFetch({
      ...session,
      'GET /api/campaigns/c-1': () => jsonResponse(spring),
      'POST /api/reports/run': performanceAnswer([]),
    })
    renderWithProviders(<AppRoutes />, { path: '/campaigns/c-1' })
    const buyers = await screen.findByRole('table', { name: 'Buyers of this campaign' })
    expect(within(buyers).getByRole('link', { name: 'Acme Insurance' })).toHaveAttribute('href', '/buyers/7')
  })
})
