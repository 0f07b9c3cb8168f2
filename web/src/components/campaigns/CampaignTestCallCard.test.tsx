import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { Simulation } from '@/api/types'
import { campaign, signedInUser } from '@/test/fixtures'
import { bodyOf, cellTexts, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { toSimulateInput, utcRfc3339 } from './testCall'

const session = { 'GET /api/auth/user': () => jsonResponse(signedInUser) }

const routed: Simulation = {
  campaignId: 'c-1',
  outcome: 'routed',
  reason: null,
  buyer: { buyerId: 7, buyerName: 'Premium Buyer', number: '+12125550101', backupNumber: '+12125550111', payout: '45.00' },
  candidates: [
    { buyerId: 7, buyerName: 'Premium Buyer', number: '+12125550101', backupNumber: '+12125550111', payout: '45.00' },
    { buyerId: 8, buyerName: 'Medicare Direct Line', number: '+13055550102', backupNumber: null, payout: '38.00' },
  ],
  duplicate: false,
  paid: true,
  trace: [
    { buyerId: 7, buyerName: 'Premium Buyer', result: 'selected', reason: null },
    { buyerId: 8, buyerName: 'Medicare Direct Line', result: 'eligible', reason: null },
    { buyerId: 9, buyerName: 'Coast Health Agency', result: 'skipped', reason: 'outside business hours (America/Los_Angeles)' },
  ],
  notes: ['priority routing'],
  at: '2026-11-25T15:00:00Z',
  unknowns: ['Whether the buyer answers is not known: an unanswered call fails over to the next in the order shown.'],
  auction: null,
}

/** An RTB campaign's test call: Acme would be pinged, Beta is capped; no test auction yet. */
const rtbPreview: Simulation = {
  ...routed,
  unknowns: [
    'Bids are not known until the bidders are asked: run a test auction to see them.',
    'Whether the buyer answers is not known: an unanswered call fails over to the next in the order shown.',
  ],
  auction: {
    floor: '5.00',
    deadlineMs: 3000,
    fallback: 'buyers',
    targets: [
      { rtbTargetId: 7, name: 'Acme Bidder', priority: 1, pinged: true, reason: null },
      { rtbTargetId: 8, name: 'Beta Bidder', priority: 2, pinged: false, reason: 'daily cap reached (code 1006)' },
      { rtbTargetId: 9, name: 'Gamma Bidder', priority: 3, pinged: true, reason: null },
    ],
    test: null,
  },
}

/** The same with a test auction run: Gamma wins over Acme; Beta was not asked. */
const rtbTested: Simulation = {
  ...rtbPreview,
  unknowns: [rtbPreview.unknowns[1]!],
  auction: {
    ...rtbPreview.auction!,
    test: {
      totalMs: 412,
      winnerRtbTargetId: 9,
      bids: [
        {
          rtbTargetId: 7,
          status: 'rejected',
          bid: '3.50',
          responseMs: 120,
          destination: null,
          rejectionCode: 1003,
          rejectionReason: 'Bid below floor',
          error: null,
        },
        {
          rtbTargetId: 9,
          status: 'success',
          bid: '25',
          responseMs: 380,
          destination: '+13055550199',
          rejectionCode: null,
          rejectionReason: null,
          error: null,
        },
      ],
    },
  },
}

/** What the campaign page fetches for an RTB campaign besides the test call. */
const rtbCampaign = {
  'GET /api/campaigns/c-1': () => jsonResponse(campaign({ type: 'rtb', status: 'active' })),
  'GET /api/rtb/campaigns/c-1/targets': () => jsonResponse([]),
}

describe('campaign test call', () => {
  it('sends the caller and a UTC time, and shows the buyer, the candidates and each skipped reason', async () => {
    const fetchMock = mockFetch({
      ...session,
      'GET /api/campaigns/c-1': () => jsonResponse(campaign({ status: 'active' })),
      'POST /api/campaigns/c-1/simulate': () => jsonResponse(routed),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/campaigns/c-1' })
    const form = await screen.findByRole('form', { name: 'Test call' })
    expect(screen.getByText('Nothing is dialled and no cap is used.')).toBeInTheDocument()

    await user.type(within(form).getByRole('textbox', { name: /Caller number/ }), '(310) 555-0100')
    await user.type(within(form).getByRole('textbox', { name: 'Caller state' }), 'ca')
    // datetime-local is not typeable in jsdom: set its value as the browser would.
    const when = within(form).getByLabelText('Call time (UTC)')
    await user.click(when)
    await user.paste('2026-11-25T15:00')
    await user.click(within(form).getByRole('button', { name: 'Run test call' }))

    const result = await screen.findByRole('region', { name: 'Test call result' })
    expect(within(result).getByText('Premium Buyer would get this call')).toBeInTheDocument()
    expect(within(result).getByText(/Rung first at \+1 212-555-0101/)).toBeInTheDocument()
    // The simulated time in words with its zone, never the server's raw timestamp.
    expect(result).toHaveTextContent(/Simulated for Nov 25, 2026, \d{1,2}:00:00 [AP]M [A-Z]/)
    expect(result).not.toHaveTextContent('2026-11-25T15:00')

    const candidates = within(result).getByRole('table', { name: 'Eligible buyers, in the order they would be tried' })
    const rows = within(candidates).getAllByRole('row').slice(1)
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringMatching(/^1Premium Buyer/), expect.stringMatching(/^2Medicare Direct Line/)])

    const trace = within(result).getByRole('table', { name: 'Routing trace of the test call' })
    const coast = within(trace).getByText('Coast Health Agency').closest('tr')!
    expect(coast).toHaveTextContent('Skipped')
    expect(coast).toHaveTextContent('outside business hours (America/Los_Angeles)')
    expect(within(trace).getByText('Premium Buyer').closest('tr')).toHaveTextContent('Selected')

    expect(bodyOf(fetchMock, 'POST /api/campaigns/c-1/simulate')).toEqual({
      callerNumber: '(310) 555-0100',
      callerState: 'CA',
      at: '2026-11-25T15:00:00Z',
    })

    const unknowns = within(result).getByRole('region', { name: 'What this test cannot know' })
    expect(within(unknowns).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Whether the buyer answers is not known: an unanswered call fails over to the next in the order shown.',
    ])
    // A direct campaign has no auction, and no test auction to ask for.
    expect(within(form).queryByRole('checkbox', { name: 'Run a test auction' })).not.toBeInTheDocument()
    expect(within(result).queryByRole('region', { name: 'RTB auction' })).not.toBeInTheDocument()
  })

  it('says plainly why nobody would get the call', async () => {
    mockFetch({
      ...session,
      'GET /api/campaigns/c-1': () => jsonResponse(campaign({ status: 'paused' })),
      'POST /api/campaigns/c-1/simulate': () =>
        jsonResponse({
          ...routed,
          outcome: 'no_route',
          reason: 'no eligible buyer',
          buyer: null,
          candidates: [],
          paid: false,
          trace: [{ buyerId: 7, buyerName: 'Premium Buyer', result: 'skipped', reason: 'daily cap reached (100/100)' }],
          notes: [],
        }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/campaigns/c-1' })
    const form = await screen.findByRole('form', { name: 'Test call' })
    expect(screen.getByText(/tried as if it were active/)).toBeInTheDocument()
    await user.type(within(form).getByRole('textbox', { name: /Caller number/ }), '3105550100')
    await user.click(within(form).getByRole('button', { name: 'Run test call' }))
    const result = await screen.findByRole('region', { name: 'Test call result' })
    expect(within(result).getByText('No buyer would get this call')).toBeInTheDocument()
    expect(within(result).getByText('no eligible buyer')).toBeInTheDocument()
    expect(within(result).getByText('No buyer is eligible.')).toBeInTheDocument()
    expect(within(result).getByText('daily cap reached (100/100)')).toBeInTheDocument()
  })

  it("shows the server's 422 on the caller number field", async () => {
    mockFetch({
      ...session,
      'GET /api/campaigns/c-1': () => jsonResponse(campaign()),
      'POST /api/campaigns/c-1/simulate': () =>
        errorResponse(422, 'VALIDATION_ERROR', 'Invalid input', { field: 'callerNumber', reason: 'is not a valid phone number' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/campaigns/c-1' })
    const form = await screen.findByRole('form', { name: 'Test call' })
    const number = within(form).getByRole('textbox', { name: /Caller number/ })
    await user.type(number, '1234567')
    await user.click(within(form).getByRole('button', { name: 'Run test call' }))
    await waitFor(() => expect(number).toHaveAccessibleDescription('is not a valid phone number'))
    expect(number).toHaveAttribute('aria-invalid', 'true')
    expect(screen.queryByRole('region', { name: 'Test call result' })).not.toBeInTheDocument()
  })
})

describe('RTB campaign test call', () => {
  it('lists the bidders in order, pinged or not (with why), and the auction settings', async () => {
    const fetchMock = mockFetch({
      ...session,
      ...rtbCampaign,
      'POST /api/campaigns/c-1/simulate': () => jsonResponse(rtbPreview),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/campaigns/c-1' })
    const form = await screen.findByRole('form', { name: 'Test call' })
    const runAuction = within(form).getByRole('checkbox', { name: 'Run a test auction' })
    expect(runAuction).not.toBeChecked()
    expect(runAuction).toHaveAccessibleDescription(/Nothing is dialled, recorded or counted/)

    await user.type(within(form).getByRole('textbox', { name: /Caller number/ }), '3105550100')
    await user.click(within(form).getByRole('button', { name: 'Run test call' }))

    const result = await screen.findByRole('region', { name: 'Test call result' })
    const auction = within(result).getByRole('region', { name: 'RTB auction' })
    expect(auction).toHaveTextContent('$5.00')
    expect(auction).toHaveTextContent('3,000 ms')
    expect(auction).toHaveTextContent('Route to the campaign buyers')

    const bidders = within(auction).getByRole('table', { name: 'Bidders, best priority first' })
    const rows = within(bidders).getAllByRole('row').slice(1)
    expect(rows.map((r) => cellTexts(r))).toEqual([
      ['1', 'Acme Bidder', '1', 'Pinged'],
      ['2', 'Beta Bidder', '2', 'Not pinged: daily cap reached (code 1006)'],
      ['3', 'Gamma Bidder', '3', 'Pinged'],
    ])
    expect(within(result).queryByRole('region', { name: 'Test auction' })).not.toBeInTheDocument()

    const unknowns = within(result).getByRole('region', { name: 'What this test cannot know' })
    expect(unknowns).toHaveTextContent('Bids are not known until the bidders are asked: run a test auction to see them.')
    expect(bodyOf(fetchMock, 'POST /api/campaigns/c-1/simulate')).toEqual({ callerNumber: '3105550100' })
  })

  it('runs a test auction when asked and shows each bidder’s answer, the winner marked', async () => {
    const fetchMock = mockFetch({
      ...session,
      ...rtbCampaign,
      'POST /api/campaigns/c-1/simulate': () => jsonResponse(rtbTested),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/campaigns/c-1' })
    const form = await screen.findByRole('form', { name: 'Test call' })
    await user.type(within(form).getByRole('textbox', { name: /Caller number/ }), '(310) 555-0100')
    await user.click(within(form).getByRole('checkbox', { name: 'Run a test auction' }))
    await user.click(within(form).getByRole('button', { name: 'Run test call' }))

    const test = await screen.findByRole('region', { name: 'Test auction' })
    expect(bodyOf(fetchMock, 'POST /api/campaigns/c-1/simulate')).toEqual({ callerNumber: '(310) 555-0100', runAuction: true })
    expect(test).toHaveTextContent('Nothing was dialled, recorded or counted.')
    expect(test).toHaveTextContent('Gamma Bidder would win with $25.00')
    expect(test).toHaveTextContent('The auction took 412 ms.')

    const bids = within(test).getByRole('table', { name: 'Bidders’ answers in the test auction' })
    const acme = within(bids).getByText('Acme Bidder').closest('tr')!
    expect(acme).toHaveTextContent('Rejected')
    expect(acme).toHaveTextContent('$3.50')
    expect(acme).toHaveTextContent('120 ms')
    expect(acme).toHaveTextContent('Bid below floor (Code: 1003)')
    expect(acme).not.toHaveTextContent('Winner')

    const gamma = within(bids).getByText('Gamma Bidder').closest('tr')!
    expect(cellTexts(gamma)).toEqual(['Gamma BidderWinner', 'Bid', '$25.00', '380 ms', '+1 305-555-0199', '—'])
    expect(within(bids).queryByText('Beta Bidder')).not.toBeInTheDocument()
    expect(within(bids).getAllByText('Winner')).toHaveLength(1)
  })
})

describe('test call request', () => {
  it('reads the time as UTC and leaves it out for "now"', () => {
    expect(utcRfc3339('2026-11-25T15:00')).toBe('2026-11-25T15:00:00Z')
    expect(utcRfc3339('2026-11-25T15:00:30')).toBe('2026-11-25T15:00:30Z')
    expect(utcRfc3339('')).toBeUndefined()
    expect(toSimulateInput({ callerNumber: ' 3105550100 ', callerState: '', at: '', runAuction: false })).toEqual({ callerNumber: '3105550100' })
  })

  it('asks for a test auction only for an RTB campaign', () => {
    const values = { callerNumber: '3105550100', callerState: '', at: '', runAuction: true }
    expect(toSimulateInput(values, { rtb: true })).toEqual({ callerNumber: '3105550100', runAuction: true })
    expect(toSimulateInput(values)).toEqual({ callerNumber: '3105550100' })
    expect(toSimulateInput({ ...values, runAuction: false }, { rtb: true })).toEqual({ callerNumber: '3105550100' })
  })
})
