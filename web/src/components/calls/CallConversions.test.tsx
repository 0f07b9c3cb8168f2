import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { ConversionLogEntry } from '@/api/conversions'
import type { CallDetail } from '@/api/types'
import { signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { CallDetailSheet } from './CallDetailSheet'
import { newTags } from './CallTags'

function callDetail(overrides: Partial<CallDetail> = {}): CallDetail {
  return {
    id: 101,
    callSid: 'CA123',
    campaignId: 'c-1',
    campaignName: 'Medicare Direct',
    buyerId: 7,
    buyerName: 'Premium Buyer',
    fromNumber: '+13105550100',
    toNumber: '+18562813800',
    dialedNumber: '+12125550101',
    callerCity: 'Los Angeles',
    callerState: 'CA',
    duration: 125,
    status: 'completed',
    disposition: 'routed',
    isDuplicate: false,
    converted: false,
    cost: '0.0085',
    payout: '0.00',
    revenue: '0.00',
    profit: '-0.0085',
    createdAt: '2026-11-25T15:00:00Z',
    callQuality: null,
    recordingUrl: null,
    recordingSid: null,
    recordingDuration: null,
    transcription: null,
    geoLocation: 'Los Angeles, CA',
    callerZip: '90001',
    callerCountry: 'US',
    talkTime: 120,
    connectedAt: '2026-11-25T15:00:05Z',
    endedAt: '2026-11-25T15:02:10Z',
    routingAttempts: 1,
    minDurationSecs: 90,
    campaign: { name: 'Medicare Direct', type: 'direct' },
    buyer: { name: 'Premium Buyer', company: 'Health Solutions Inc' },
    routing: null,
    utm: { source: null, medium: null, campaign: null, content: null, term: null },
    parameters: [],
    ...overrides,
  }
}

const postbackReport: ConversionLogEntry = {
  conversionId: 1,
  callId: 101,
  converted: true,
  revenue: '30.00',
  previousConverted: false,
  previousRevenue: '0.00',
  via: 'postback',
  idempotencyKey: 'order-1001',
  note: null,
  duplicate: false,
  createdAt: '2026-11-25T16:00:00Z',
  address: '203.0.113.9',
}

describe('call tags', () => {
  it('splits typed tags on commas and leaves out blanks and ones the call has', () => {
    expect(newTags(' qualified, Spanish ,,vip ', ['spanish'])).toEqual(['qualified', 'vip'])
    expect(newTags('a, a', [])).toEqual(['a'])
  })

  it('adds a tag on Enter and removes one with its button', async () => {
    const fetchMock = mockFetch({
      'GET /api/auth/user': () => jsonResponse(signedInUser),
      'GET /api/calls/101': () => jsonResponse(callDetail()),
      'GET /api/calls/101/conversions': () => jsonResponse([]),
      'GET /api/calls/101/tags': () => jsonResponse({ callId: 101, tags: ['spanish'] }),
      'POST /api/calls/101/tags': () => jsonResponse({ callId: 101, tags: ['spanish', 'qualified'] }),
      'DELETE /api/calls/101/tags/spanish': () => jsonResponse({ callId: 101, tags: ['qualified'] }),
    })
    const user = userEvent.setup()
    renderWithProviders(<CallDetailSheet callId={101} onClose={() => {}} />)
    const tags = await screen.findByRole('region', { name: 'Tags' })
    expect(await within(tags).findByText('spanish')).toBeInTheDocument()
    await user.type(within(tags).getByLabelText('New tag'), 'qualified{Enter}')
    expect(await within(tags).findByText('qualified')).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'POST /api/calls/101/tags')).toEqual({ tags: ['qualified'] })
    expect(within(tags).getByLabelText('New tag')).toHaveValue('')
    await user.click(within(tags).getByRole('button', { name: 'Remove tag spanish' }))
    await waitFor(() => expect(within(tags).queryByText('spanish')).not.toBeInTheDocument())
    expect(calledRoutes(fetchMock)).toEqual(['POST /api/calls/101/tags', 'DELETE /api/calls/101/tags/spanish'])
  })
})

describe('call conversions', () => {
  it('marks the call converted with revenue and a note, then shows the refreshed call and history', async () => {
    let converted = false
    const fetchMock = mockFetch({
      'GET /api/auth/user': () => jsonResponse(signedInUser),
      'GET /api/calls/101': () => jsonResponse(converted ? callDetail({ converted: true, revenue: '45.00' }) : callDetail()),
      'GET /api/calls/101/tags': () => jsonResponse({ callId: 101, tags: [] }),
      'GET /api/calls/101/conversions': () =>
        jsonResponse(
          converted
            ? [{ ...postbackReport, conversionId: 2, via: 'user', revenue: '45.00', idempotencyKey: null, note: 'order 1001', address: '127.0.0.1' }]
            : [],
        ),
      'POST /api/conversions': () => {
        converted = true
        return jsonResponse({ ...postbackReport, conversionId: 2, via: 'user', revenue: '45.00' })
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<CallDetailSheet callId={101} onClose={() => {}} />)
    const panel = await screen.findByRole('region', { name: 'Conversions' })
    expect(await within(panel).findByText('No conversion reports')).toBeInTheDocument()
    expect(within(panel).getByText('Not converted')).toBeInTheDocument()
    expect(within(panel).queryByRole('button', { name: 'Mark not converted' })).not.toBeInTheDocument()

    await user.click(within(panel).getByRole('button', { name: 'Mark converted' }))
    const form = within(panel).getByRole('form', { name: 'Mark converted' })
    await user.type(within(form).getByLabelText('Revenue'), 'lots')
    await user.click(within(form).getByRole('button', { name: 'Mark converted' }))
    expect(await within(form).findByText('Enter an amount such as 45.00')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([])

    await user.clear(within(form).getByLabelText('Revenue'))
    await user.type(within(form).getByLabelText('Revenue'), '45.00')
    await user.type(within(form).getByLabelText('Note'), 'order 1001')
    await user.click(within(form).getByRole('button', { name: 'Mark converted' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toEqual(['POST /api/conversions']))
    expect(bodyOf(fetchMock, 'POST /api/conversions')).toEqual({ callId: 101, converted: true, revenue: '45.00', note: 'order 1001' })

    const history = await within(panel).findByRole('table', { name: 'Conversion history' })
    const row = within(history).getAllByRole('row')[1]!
    expect(row).toHaveTextContent('User')
    expect(row).toHaveTextContent('NoYes')
    expect(row).toHaveTextContent('$0.00$45.00')
    expect(row).toHaveTextContent('order 1001')
    expect(row).toHaveTextContent('127.0.0.1')
    expect(within(panel).getByText(/with revenue/)).toHaveTextContent('Converted with revenue $45.00')
    // The call itself was asked again: Overview and Money show the new state.
    expect(screen.getByRole('region', { name: 'Money' })).toHaveTextContent('$45.00')
    expect(within(panel).getByRole('button', { name: 'Mark not converted' })).toBeInTheDocument()
  })

  it('lists postback reports with their key and address, and shows a server error', async () => {
    mockFetch({
      'GET /api/auth/user': () => jsonResponse(signedInUser),
      'GET /api/calls/101': () => jsonResponse(callDetail({ converted: true, revenue: '30.00' })),
      'GET /api/calls/101/tags': () => jsonResponse({ callId: 101, tags: [] }),
      'GET /api/calls/101/conversions': () => jsonResponse([postbackReport]),
      'POST /api/conversions': () => errorResponse(422, 'VALIDATION_ERROR', 'Invalid input', { field: 'note', reason: 'must be at most 500 characters' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<CallDetailSheet callId={101} onClose={() => {}} />)
    const panel = await screen.findByRole('region', { name: 'Conversions' })
    const history = await within(panel).findByRole('table', { name: 'Conversion history' })
    const row = within(history).getAllByRole('row')[1]!
    expect(row).toHaveTextContent('Postback')
    expect(row).toHaveTextContent('key order-1001')
    expect(row).toHaveTextContent('203.0.113.9')
    await user.click(within(panel).getByRole('button', { name: 'Mark not converted' }))
    const form = within(panel).getByRole('form', { name: 'Mark not converted' })
    await user.click(within(form).getByRole('button', { name: 'Mark not converted' }))
    expect(await within(form).findByText('must be at most 500 characters')).toBeInTheDocument()
  })
})
