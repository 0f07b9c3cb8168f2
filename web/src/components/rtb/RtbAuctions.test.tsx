import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'
import { bidRequest, bidResponse } from '@/test/rtbFixtures'
import { RtbAuctionsTab } from './RtbAuctionsTab'

afterEach(() => vi.unstubAllGlobals())

const responses = [
  bidResponse(),
  bidResponse({ id: 2, rtbTargetId: 2, targetName: 'Mid Bidder', isWinningBid: false, bidAmount: '18.00', responseTimeMs: 750, destinationNumber: '+12125550101' }),
  bidResponse({
    id: 3,
    rtbTargetId: 3,
    targetName: 'Slow Bidder',
    responseStatus: 'rejected',
    isAccepted: false,
    isWinningBid: false,
    bidAmount: null,
    bidCurrency: null,
    responseTimeMs: 1450,
    destinationNumber: null,
    rejectionCode: 1006,
    rejectionReason: 'Final capacity check',
  }),
]

describe('RTB auctions', () => {
  it('explains that auctions come from live calls when there are none', async () => {
    mockFetch({ 'GET /api/rtb/bid-requests': () => listResponse([]), 'GET /api/campaigns': () => listResponse([]) })
    renderWithProviders(<RtbAuctionsTab />)
    expect(await screen.findByText('No auctions yet')).toBeInTheDocument()
    expect(screen.getByText(/recorded for each call to an active RTB campaign/)).toBeInTheDocument()
  })

  it('opens the detailed auction view with every bidder result', async () => {
    mockFetch({
      'GET /api/rtb/bid-requests': () => listResponse([bidRequest()], 1),
      'GET /api/campaigns': () => listResponse([]),
      'GET /api/rtb/bid-requests/req-abc/responses': () => jsonResponse(responses),
    })
    const user = userEvent.setup()
    renderWithProviders(<RtbAuctionsTab />)
    await user.click(await screen.findByRole('button', { name: 'Open auction req-abc' }))
    const dialog = await screen.findByRole('dialog')
    const summary = within(dialog).getByRole('region', { name: 'Auction summary' })
    expect(within(summary).getByText('2 successful, 1 failed')).toBeInTheDocument()
    expect(within(summary).getByText('700 ms')).toBeInTheDocument()
    expect(within(summary).getByText('$25.00')).toBeInTheDocument()

    const table = await within(dialog).findByRole('table', { name: 'Individual bidder results' })
    const row = (name: string) => within(within(table).getByText(name).closest('tr')!)
    await within(table).findByText('Fast Bidder')
    expect(row('Fast Bidder').getByText('Fast')).toBeInTheDocument()
    expect(row('Fast Bidder').getByText('$25.00 USD')).toBeInTheDocument()
    expect(row('Fast Bidder').getByText('Won')).toBeInTheDocument()
    expect(row('Fast Bidder').getByText('#1')).toBeInTheDocument()
    expect(row('Mid Bidder').getByText('Medium')).toBeInTheDocument()
    expect(row('Mid Bidder').getByText('#2')).toBeInTheDocument()
    expect(row('Slow Bidder').getByText('Slow')).toBeInTheDocument()
    expect(row('Slow Bidder').getByText('Final capacity check (Code: 1006)')).toBeInTheDocument()
  })
})
