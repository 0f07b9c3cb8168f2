import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { cloneElement, type ReactElement } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { ReportSpec } from '@/api/reports'
import { reportResult, reportRow } from '@/test/reportFixtures'
import { cellTexts, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { TrendsTab } from './TrendsTab'

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

/** Answers each trend report from its first dimension. */
function trendAnswers(specs: ReportSpec[], { empty = false } = {}) {
  return (init: RequestInit | undefined) => {
    const spec = JSON.parse(String(init?.body)) as ReportSpec
    specs.push(spec)
    const calls = (n: number) => (empty ? 0 : n)
    switch (spec.dimensions[0]) {
      case 'hour':
        return jsonResponse(
          reportResult(spec, Array.from({ length: 24 }, (_, h) => reportRow([String(h)], [String(h)], { calls: calls(h === 9 ? 12 : h === 14 ? 7 : 0) })), { calls: calls(19) }),
        )
      case 'day':
        return jsonResponse(
          reportResult(
            spec,
            [
              reportRow(['2026-11-24'], ['2026-11-24'], { calls: calls(8), revenue: empty ? '0.00' : '200.00', conversionRate: empty ? 0 : 25 }),
              reportRow(['2026-11-25'], ['2026-11-25'], { calls: calls(11), revenue: empty ? '0.00' : '310.50', conversionRate: empty ? 0 : 36.4 }),
            ],
            { calls: calls(19), revenue: empty ? '0.00' : '510.50', conversionRate: empty ? 0 : 31.6 },
          ),
        )
      case 'campaign':
        return jsonResponse(
          empty
            ? reportResult(spec, [], { calls: 0 })
            : reportResult(
                spec,
                [
                  reportRow(['c-1'], ['Auto Insurance'], { calls: 12, converted: 4, conversionRate: 33.3, revenue: '1250.00', profit: '1100.50' }),
                  reportRow(['c-2'], ['Solar Leads'], { calls: 7, converted: 1, conversionRate: 14.3, revenue: '80.00', profit: '-12.25' }),
                ],
                { calls: 19, converted: 5, conversionRate: 26.3, revenue: '1330.00', profit: '1088.25' },
              ),
        )
      default:
        return jsonResponse(
          empty
            ? reportResult(spec, [], { calls: 0 })
            : reportResult(
                spec,
                [reportRow(['7'], ['Premium Buyer'], { calls: 15, connected: 12, converted: 5, conversionRate: 33.3, revenue: '1330.00', payout: '450.00', averageDuration: 125 })],
                { calls: 15, connected: 12, converted: 5, conversionRate: 33.3, revenue: '1330.00', payout: '450.00', averageDuration: 125 },
              ),
        )
    }
  }
}

describe('Trends tab', () => {
  it('runs the four trend reports over the last 30 days and draws them', async () => {
    const specs: ReportSpec[] = []
    mockFetch({ 'POST /api/reports/run': trendAnswers(specs) })
    renderWithProviders(<TrendsTab />)

    const hourly = await screen.findByRole('region', { name: 'Hourly pattern' })
    const chart = await within(hourly).findByRole('img', { name: 'Calls by hour of the day' })
    await waitFor(() => expect(chart.querySelectorAll('.recharts-bar-rectangle path, .recharts-rectangle').length).toBeGreaterThan(0))
    expect(hourly).toHaveTextContent('Oct 27 – Nov 25')

    const daily = screen.getByRole('region', { name: 'Daily trend' })
    expect(await within(daily).findByRole('img', { name: 'Calls, revenue and conversion rate per day' })).toBeInTheDocument()
    expect(daily.querySelectorAll('.recharts-line').length).toBe(3)

    const campaigns = screen.getByRole('region', { name: 'Campaign comparison' })
    const campaignTable = await within(campaigns).findByRole('table', { name: 'Campaign comparison' })
    const rows = within(campaignTable).getAllByRole('row')
    expect(rows.map(cellTexts)).toEqual([
      ['Campaign', 'Calls', 'Converted', 'Conversion rate', 'Revenue', 'Profit'],
      ['Auto Insurance', '12', '4', '33.3%', '$1,250.00', '$1,100.50'],
      ['Solar Leads', '7', '1', '14.3%', '$80.00', '-$12.25'],
      ['Total', '19', '5', '26.3%', '$1,330.00', '$1,088.25'],
    ])
    expect(within(campaigns).getByRole('img', { name: 'Calls and conversions by campaign' })).toBeInTheDocument()

    const buyers = screen.getByRole('region', { name: 'Buyer performance' })
    const buyerTable = within(buyers).getByRole('table', { name: 'Buyer performance' })
    expect(within(buyerTable).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Buyer',
      'Calls',
      'Connected',
      'Converted',
      'Conversion rate',
      'Revenue',
      'Payout',
      'Avg. duration',
    ])
    expect(cellTexts(within(buyerTable).getAllByRole('row')[1]!)).toEqual(['Premium Buyer', '15', '12', '5', '33.3%', '$1,330.00', '$450.00', '2:05'])

    expect(specs.map((s) => [s.dimensions, s.metrics, s.range])).toEqual(
      expect.arrayContaining([
        [['hour'], ['calls'], 'last30'],
        [['day'], ['calls', 'revenue', 'conversionRate'], 'last30'],
        [['campaign'], ['calls', 'converted', 'conversionRate', 'revenue', 'profit'], 'last30'],
        [['buyer'], ['calls', 'connected', 'converted', 'conversionRate', 'revenue', 'payout', 'averageDuration'], 'last30'],
      ]),
    )
    expect(specs).toHaveLength(4)
    expect(specs[0]?.filters).toEqual({ campaignId: null, buyerId: null, status: null, callerState: null, rtbTargetId: null, source: null, medium: null, utmCampaign: null, utmTerm: null, utmContent: null, param: null })
  })

  it('asks for the period chosen in the picker, and compares it with the previous one', async () => {
    const specs: ReportSpec[] = []
    mockFetch({ 'POST /api/reports/run': trendAnswers(specs) })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<TrendsTab />)
    await screen.findByRole('table', { name: 'Buyer performance' })

    const period = screen.getByRole('group', { name: 'Trend period' })
    expect(within(period).getByRole('combobox', { name: 'Period' })).toHaveTextContent('Last 30 days')
    await user.click(within(period).getByRole('combobox', { name: 'Period' }))
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual([
      'Today',
      'Yesterday',
      'Last 7 days',
      'Last 30 days',
      'This month',
      'Last month',
      'Custom range',
    ])
    await user.click(screen.getByRole('option', { name: 'Last month' }))
    await waitFor(() => expect(specs.filter((s) => s.range === 'lastMonth')).toHaveLength(4))
    expect(router.state.location.search).toBe('?range=lastMonth')

    await user.click(within(period).getByRole('switch', { name: 'Compare to previous period' }))
    expect(router.state.location.search).toBe('?range=lastMonth&compare=1')
    // The previous period's daily trend (custom days) gives the figures' changes.
    await waitFor(() => expect(specs.filter((s) => s.range === 'custom' && s.dimensions[0] === 'day')).toHaveLength(1))
    const totals = screen.getByRole('group', { name: 'Period totals' })
    await waitFor(() => expect(within(totals).getAllByText(/vs previous \d+ days/)).toHaveLength(3))
    // The same answers for both periods: no change.
    expect(totals).toHaveTextContent('0.0% vs previous')
    expect(totals.textContent).not.toMatch(/NaN|Infinity/)
  })

  it('says there were no calls instead of drawing empty charts', async () => {
    mockFetch({ 'POST /api/reports/run': trendAnswers([], { empty: true }) })
    renderWithProviders(<TrendsTab />)
    await waitFor(() => expect(screen.getAllByText('No calls in this period')).toHaveLength(4))
    expect(screen.queryByRole('img')).not.toBeInTheDocument()
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
  })

  it('shows a failed chart with a retry', async () => {
    let attempts = 0
    const answer = trendAnswers([])
    mockFetch({
      'POST /api/reports/run': (init) => {
        const spec = JSON.parse(String(init?.body)) as ReportSpec
        if (spec.dimensions[0] === 'hour' && attempts++ === 0) return errorResponse(500, 'INTERNAL_ERROR', 'Reports are unavailable')
        return answer(init)
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<TrendsTab />)
    const hourly = await screen.findByRole('region', { name: 'Hourly pattern' })
    const alert = await within(hourly).findByRole('alert')
    expect(alert).toHaveTextContent('The hourly pattern could not be loaded.')
    expect(alert).toHaveTextContent('Reports are unavailable')
    await user.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await within(hourly).findByRole('img', { name: 'Calls by hour of the day' })).toBeInTheDocument()
  })
})
