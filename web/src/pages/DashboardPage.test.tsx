import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { cloneElement, type ReactElement } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { MetricValues, ReportSpec } from '@/api/reports'
import type { DashboardStats } from '@/api/types'
import { previousPeriod, resolveRange, todayIn } from '@/lib/dateRange'
import { FakeEventSource, stubEventSource } from '@/test/fakeEventSource'
import { activityEntry, reportResult, reportRow } from '@/test/reportFixtures'
import { jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { DashboardPage } from './DashboardPage'

// jsdom has no layout: give the charts a fixed size instead of measuring their container.
vi.mock('recharts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('recharts')>()
  return {
    ...actual,
    ResponsiveContainer: ({ children }: { children: ReactElement<{ width?: number; height?: number }> }) => (
      <div style={{ width: 800, height: 300 }}>{cloneElement(children, { width: 800, height: 300 })}</div>
    ),
  }
})

/**
 * Answers POST /api/reports/run: the period report (by day) with `figures(spec)` as its totals
 * and its one day, the top campaigns report with `campaigns`. Each spec asked is pushed to `specs`.
 */
function reports(figures: (spec: ReportSpec) => MetricValues = () => ({}), { specs = [] as ReportSpec[], campaigns = [] as ReturnType<typeof reportRow>[] } = {}) {
  return (init: RequestInit | undefined) => {
    const spec = JSON.parse(String(init?.body)) as ReportSpec
    specs.push(spec)
    if (spec.dimensions[0] === 'campaign') return jsonResponse(reportResult(spec, campaigns))
    const totals = { calls: 0, conversionRate: 0, revenue: '0.00', profit: '0.00', ...figures(spec) }
    const day = spec.to ?? '2026-11-25'
    return jsonResponse(reportResult(spec, [reportRow([day], [day], totals)], totals, spec.from && spec.to ? { from: spec.from, to: spec.to } : {}))
  }
}
const historical = reports()

const user = { id: 1, username: 'sumit', email: 'sumit@example.com', timeZone: 'UTC' }

function stats(overrides: Partial<DashboardStats> = {}): DashboardStats {
  return { activeCampaigns: 1, totalCalls: 5, successRate: 80, totalRevenue: '125.50', recentCalls: [], ...overrides }
}

/** The stat card titled `title`. */
function card(title: string): HTMLElement {
  return screen.getByRole('heading', { name: title }).closest('[data-slot="card"]') as HTMLElement
}

describe('DashboardPage', () => {
  it('renders the four stat cards and the empty state when there are no calls', async () => {
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/activity': () => jsonResponse({ activity: [] }),
      'GET /api/stats/dashboard': () => jsonResponse(stats()),
      'POST /api/reports/run': historical,
    })
    renderWithProviders(<DashboardPage />)

    expect(screen.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument()
    for (const title of ['Active Campaigns', 'Calls Today', 'Success Rate', 'Revenue Today', 'Calls', 'Conversion rate', 'Revenue', 'Profit']) {
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
      'GET /api/activity': () => jsonResponse({ activity: [] }),
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
      'POST /api/reports/run': historical,
    })
    renderWithProviders(<DashboardPage />)

    const row = (await screen.findByText('+1 212-920-0892')).closest('tr')
    expect(row).not.toBeNull()
    const cells = within(row as HTMLElement)
    expect(cells.getByText('+1 856-281-3889')).toBeInTheDocument()
    expect(cells.getByText('Completed')).toBeInTheDocument()
    expect(cells.getByText('2:05')).toBeInTheDocument()
    expect(cells.getByText('$15.50')).toBeInTheDocument()
    expect(screen.queryByText('No calls yet')).not.toBeInTheDocument()
  })

  it('shows an error with a retry that loads the figures again', async () => {
    let attempts = 0
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/activity': () => jsonResponse({ activity: [] }),
      'GET /api/stats/dashboard': () => {
        attempts += 1
        return attempts === 1
          ? jsonResponse({ error: { code: 'INTERNAL_ERROR', message: 'Database unavailable' } }, 500)
          : jsonResponse(stats({ activeCampaigns: 3 }))
      },
      'POST /api/reports/run': historical,
    })
    renderWithProviders(<DashboardPage />)

    expect(await screen.findByRole('alert')).toHaveTextContent('Database unavailable')
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(await screen.findByText('3')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('runs the period report for the last 30 days, then for the preset chosen, and keeps it in the URL', async () => {
    const specs: ReportSpec[] = []
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/activity': () => jsonResponse({ activity: [] }),
      'GET /api/stats/dashboard': () => jsonResponse(stats()),
      'POST /api/reports/run': reports(() => ({ calls: 4, revenue: '60.00', conversionRate: 25, profit: '20.00' }), {
        specs,
        campaigns: [reportRow(['c1'], ['Solar Leads'], { revenue: '60.00', calls: 4 })],
      }),
    })
    const { router } = renderWithProviders(<DashboardPage />)
    const userEvents = userEvent.setup()

    expect(await screen.findByText(/^4 calls, \$60\.00, /)).toBeInTheDocument()
    expect(screen.getByRole('list', { name: 'Top campaigns' })).toHaveTextContent('Solar Leads')
    expect(screen.getByRole('img', { name: /^Calls and revenue per day, / }).querySelector('svg')).not.toBeNull()
    expect(card('Calls')).toHaveTextContent('4')
    expect(card('Profit')).toHaveTextContent('$20.00')
    // Not comparing: no change is shown.
    expect(document.querySelector('[data-slot="period-change"]')).toBeNull()
    expect(specs.map((s) => [s.dimensions, s.range])).toEqual(
      expect.arrayContaining([
        [['day'], 'last30'],
        [['campaign'], 'last30'],
      ]),
    )

    await userEvents.click(screen.getByRole('combobox', { name: 'Period' }))
    await userEvents.click(await screen.findByRole('option', { name: 'Last 7 days' }))
    await waitFor(() => expect(specs.filter((s) => s.range === 'last7')).toHaveLength(2))
    expect(router.state.location.search).toBe('?range=last7')
  })

  it('compares the period with the previous one: arrows, colours and — when there was nothing before', async () => {
    const today = todayIn('UTC')
    const before = previousPeriod(resolveRange({ range: 'last7' }, today))
    const specs: ReportSpec[] = []
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/activity': () => jsonResponse({ activity: [] }),
      'GET /api/stats/dashboard': () => jsonResponse(stats()),
      'POST /api/reports/run': reports(
        (spec) =>
          spec.range === 'custom'
            ? { calls: 40, revenue: '1250.00', conversionRate: 37.5, profit: '0.00' }
            : { calls: 45, revenue: '1125.00', conversionRate: 40, profit: '310.00' },
        { specs },
      ),
    })
    renderWithProviders(<DashboardPage />, { path: '/?range=last7&compare=1' })

    expect(await within(card('Calls')).findByText(/vs previous 7 days/)).toBeInTheDocument()
    expect(screen.getByRole('switch', { name: 'Compare to previous period' })).toBeChecked()
    const change = (title: string) => card(title).querySelector('[data-slot="period-change"]')
    expect(change('Calls')).toHaveTextContent('▲ Up 12.5% vs previous 7 days')
    expect(change('Calls')?.firstElementChild).toHaveClass('text-emerald-700')
    expect(change('Revenue')).toHaveTextContent('▼ Down 10.0% vs previous 7 days')
    expect(change('Revenue')?.firstElementChild).toHaveClass('text-red-700')
    expect(change('Conversion rate')).toHaveTextContent('▲ Up 2.5 pts vs previous 7 days')
    expect(change('Profit')).toHaveTextContent('— vs previous 7 days')
    expect(document.body.textContent).not.toMatch(/NaN|Infinity/)

    // The previous period is asked as custom days: the 7 days before the last 7.
    expect(specs).toContainEqual(expect.objectContaining({ dimensions: ['day'], range: 'custom', from: before.from, to: before.to }))
    expect(screen.getByRole('img', { name: /with the previous period$/ })).toBeInTheDocument()
  })

  it('shows the empty state when the range has no calls', async () => {
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/activity': () => jsonResponse({ activity: [] }),
      'GET /api/stats/dashboard': () => jsonResponse(stats()),
      'POST /api/reports/run': historical,
    })
    renderWithProviders(<DashboardPage />)

    expect(await screen.findAllByText('No calls in this period')).toHaveLength(2)
    expect(screen.queryByRole('img', { name: /Calls and revenue per day/ })).not.toBeInTheDocument()
  })

  it('shows a chart error with a retry', async () => {
    let attempts = 0
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/activity': () => jsonResponse({ activity: [] }),
      'GET /api/stats/dashboard': () => jsonResponse(stats()),
      'POST /api/reports/run': (init) => {
        const spec = JSON.parse(String(init?.body)) as ReportSpec
        if (spec.dimensions[0] === 'day' && attempts++ === 0) {
          return jsonResponse({ error: { code: 'INTERNAL_ERROR', message: 'History unavailable' } }, 500)
        }
        return historical(init)
      },
    })
    renderWithProviders(<DashboardPage />)

    expect(await screen.findAllByText('History unavailable')).toHaveLength(2)
    await userEvent.click(screen.getAllByRole('button', { name: 'Retry' })[0] as HTMLElement)
    expect(await screen.findAllByText('No calls in this period')).toHaveLength(2)
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('refetches the figures when a call event arrives and shows the live status', async () => {
    stubEventSource()
    let dashboardCalls = 0
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/activity': () => jsonResponse({ activity: [] }),
      'GET /api/stats/dashboard': () => {
        dashboardCalls += 1
        return jsonResponse(stats({ totalCalls: dashboardCalls === 1 ? 5 : 6 }))
      },
      'POST /api/reports/run': historical,
    })
    renderWithProviders(<DashboardPage />)

    expect(await screen.findByText('5')).toBeInTheDocument()
    const source = FakeEventSource.latest()
    expect(source.url).toBe('/api/events')

    act(() => source.open())
    expect(screen.getByRole('status')).toHaveTextContent('Live')

    act(() => source.emit('call', { kind: 'call.created', callSid: 'CA1', status: 'ringing' }))
    expect(await screen.findByText('6')).toBeInTheDocument()
    expect(dashboardCalls).toBe(2)

    act(() => source.fail())
    expect(screen.getByRole('status')).toHaveTextContent('Reconnecting…')
  })

  it('lists recent activity with severity, kind and relative time, and refreshes on an activity event', async () => {
    stubEventSource()
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString()
    let activityCalls = 0
    const fetchMock = mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/stats/dashboard': () => jsonResponse(stats()),
      'POST /api/reports/run': historical,
      'GET /api/activity': () => {
        activityCalls += 1
        const entries = [
          activityEntry({ id: 2, kind: 'report.delivery_failed', severity: 'error', message: 'Report “Weekly” could not be e-mailed', entityType: 'report', entityId: '5', createdAt: minutesAgo(5) }),
          activityEntry({ id: 1, kind: 'campaign.status', severity: 'warning', message: 'Campaign “Spring Promo” was paused', createdAt: minutesAgo(180) }),
        ]
        return jsonResponse({ activity: activityCalls === 1 ? entries.slice(1) : entries })
      },
    })
    renderWithProviders(<DashboardPage />)

    const list = await screen.findByRole('list', { name: 'Recent activity' })
    expect(fetchMock).toHaveBeenCalledWith('/api/activity?limit=20', expect.anything())
    let items = within(list).getAllByRole('listitem')
    expect(items).toHaveLength(1)
    expect(items[0]).toHaveTextContent('Campaign “Spring Promo” was paused')
    expect(items[0]).toHaveTextContent('Campaign · status · 3 hours ago')
    expect(within(items[0]!).getByRole('img', { name: 'Warning' })).toBeInTheDocument()
    expect(within(items[0]!).getByRole('link', { name: 'Campaign “Spring Promo” was paused' })).toHaveAttribute('href', '/campaigns/c-1')

    act(() => FakeEventSource.latest().emit('activity', { kind: 'report.delivery_failed' }))
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2))
    items = within(list).getAllByRole('listitem')
    expect(items[0]).toHaveTextContent('Report “Weekly” could not be e-mailed')
    expect(items[0]).toHaveTextContent('Report · delivery failed · 5 minutes ago')
    expect(within(items[0]!).getByRole('img', { name: 'Error' })).toBeInTheDocument()
    expect(activityCalls).toBe(2)
  })

  it('says when there is no activity, and shows a failed feed with a retry', async () => {
    let attempts = 0
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(user),
      'GET /api/stats/dashboard': () => jsonResponse(stats()),
      'POST /api/reports/run': historical,
      'GET /api/activity': () => {
        attempts += 1
        return attempts === 1
          ? jsonResponse({ error: { code: 'INTERNAL_ERROR', message: 'Feed unavailable' } }, 500)
          : jsonResponse({ activity: [] })
      },
    })
    renderWithProviders(<DashboardPage />)

    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('The activity could not be loaded.')
    expect(alert).toHaveTextContent('Feed unavailable')
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByText('No activity yet')).toBeInTheDocument()
  })
})
