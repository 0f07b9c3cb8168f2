import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { RtbAnalyticsTab } from './RtbAnalyticsTab'

afterEach(() => vi.unstubAllGlobals())

describe('RTB analytics', () => {
  it('shows the summary, the rejection reasons and each bidder', async () => {
    mockFetch({
      'GET /api/rtb/analytics': () =>
        jsonResponse({
          from: '2026-11-18T00:00:00Z',
          to: '2026-11-25T00:00:00Z',
          summary: { totalAuctions: 40, auctionsWithWinner: 30, successRate: 75, revenuePerAuction: '12.50', averageResponseMs: 410 },
          rejectionReasons: [{ code: 1006, reason: 'Final capacity check', count: 9 }],
          bidders: [{ targetId: 7, name: 'Acme Bidder', bids: 40, successes: 35, wins: 20, winRate: 50, successRate: 87.5, averageResponseMs: 1200 }],
        }),
    })
    renderWithProviders(<RtbAnalyticsTab />)
    expect(await screen.findByText('75.0%')).toBeInTheDocument()
    expect(screen.getByText('$12.50')).toBeInTheDocument()
    expect(screen.getByText('30 with a winner')).toBeInTheDocument()
    const reasons = screen.getByRole('table', { name: 'Rejection reasons' })
    expect(within(reasons).getByText('1006')).toBeInTheDocument()
    expect(within(reasons).getByText('Final capacity check')).toBeInTheDocument()
    const bidders = screen.getByRole('table', { name: 'Bidder performance' })
    expect(within(bidders).getByText('Acme Bidder')).toBeInTheDocument()
    expect(within(bidders).getByText('Slow')).toBeInTheDocument()
  })

  it('asks for the chosen days and compares them with the previous period (— when it had no auctions)', async () => {
    const asked: string[] = []
    mockFetch({
      'GET /api/auth/user': () => jsonResponse({ id: 1, username: 'sumit', email: 's@example.com', timeZone: 'UTC' }),
      'GET /api/rtb/analytics': (_init, url) => {
        asked.push(`${url.searchParams.get('from')}..${url.searchParams.get('to')}`)
        const previous = url.searchParams.get('to') === '2026-01-31'
        return jsonResponse({
          from: `${url.searchParams.get('from')}T00:00:00Z`,
          to: `${url.searchParams.get('to')}T00:00:00Z`,
          summary: previous
            ? { totalAuctions: 0, auctionsWithWinner: 0, successRate: 0, revenuePerAuction: '0.00', averageResponseMs: null }
            : { totalAuctions: 40, auctionsWithWinner: 30, successRate: 75, revenuePerAuction: '12.50', averageResponseMs: 410 },
          rejectionReasons: [],
          bidders: [],
        })
      },
    })
    renderWithProviders(<RtbAnalyticsTab />, { path: '/?from=2026-02-01&to=2026-02-28&compare=1' })
    expect(await screen.findByText('75.0%')).toBeInTheDocument()
    await waitFor(() => expect(asked).toEqual(expect.arrayContaining(['2026-02-01..2026-02-28', '2026-01-04..2026-01-31'])))
    // Nothing in the previous period: every change is "—", never NaN or Infinity.
    await waitFor(() => expect(screen.getAllByText(/vs previous 28 days/)).toHaveLength(4))
    expect(document.body.textContent).not.toMatch(/NaN|Infinity/)
  })
})
