import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { Simulation } from '@/api/types'
import { campaign, signedInUser } from '@/test/fixtures'
import { bodyOf, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
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
    expect(within(result).getByText(/Rung first at \+1 \(212\) 555-0101/)).toBeInTheDocument()

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

describe('test call request', () => {
  it('reads the time as UTC and leaves it out for "now"', () => {
    expect(utcRfc3339('2026-11-25T15:00')).toBe('2026-11-25T15:00:00Z')
    expect(utcRfc3339('2026-11-25T15:00:30')).toBe('2026-11-25T15:00:30Z')
    expect(utcRfc3339('')).toBeUndefined()
    expect(toSimulateInput({ callerNumber: ' 3105550100 ', callerState: '', at: '' })).toEqual({ callerNumber: '3105550100' })
  })
})
