import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { CallDetail } from '@/api/types'
import { renderWithProviders } from '@/test/render'
import { CallDetailTabs } from './CallDetailTabs'

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
    converted: true,
    cost: '0.0085',
    payout: '0.00',
    revenue: '45.00',
    profit: '44.9915',
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

const path = [
  { nodeId: 'start', nodeType: 'start', output: 'next', edgeId: 'e1', input: null, enteredAt: '2026-11-25T15:00:00Z', durationMs: 12, note: null },
  { nodeId: 'menu_1', nodeType: 'menu', output: '1', edgeId: 'e2', input: '1', enteredAt: '2026-11-25T15:00:00Z', durationMs: 6400, note: 'pressed 1' },
  { nodeId: 'route_1', nodeType: 'routeToBuyers', output: null, edgeId: null, input: null, enteredAt: '2026-11-25T15:00:07Z', durationMs: null, note: null },
]

describe('call details: the call flow', () => {
  it('shows the flow, its path, the end and the variables on Technical, and a line on Overview', async () => {
    const user = userEvent.setup()
    renderWithProviders(
      <CallDetailTabs call={callDetail({ flow: { flowId: 4, flowName: 'Medicare IVR', version: 3, path, end: 'routeToBuyers', waitingAt: null, variables: { zip: '90001', lang: 'en' } } })} />,
    )
    const campaign = screen.getByRole('region', { name: 'Campaign and buyer' })
    expect(campaign).toHaveTextContent('Ran call flow Medicare IVR, routed to buyers')
    expect(within(campaign).getByRole('link', { name: 'Medicare IVR' })).toHaveAttribute('href', '/call-flows/4')

    await user.click(screen.getByRole('tab', { name: 'Technical' }))
    const section = await screen.findByRole('region', { name: 'Call flow' })
    expect(within(section).getByRole('link', { name: 'Medicare IVR' })).toHaveAttribute('href', '/call-flows/4')
    expect(section).toHaveTextContent('version 3')
    expect(section).toHaveTextContent('Ended: Routed to buyers')
    const steps = within(within(section).getByRole('list', { name: 'Path through the call flow' })).getAllByRole('listitem')
    expect(steps.map((s) => s.textContent)).toEqual([
      '1startStart→ next12 ms',
      '2menu_1Menuinput: 1→ 16.4 spressed 1',
      '3route_1Route to buyers–',
    ])
    expect(within(section).getByLabelText('Flow variables')).toHaveTextContent('zip90001langen')
  })

  it('says where the caller hung up when the flow has no end', async () => {
    const user = userEvent.setup()
    renderWithProviders(
      <CallDetailTabs call={callDetail({ routing: null, flow: { flowId: 4, flowName: null, version: 1, path: path.slice(0, 2), end: null, waitingAt: 'menu_1', variables: {} } })} />,
    )
    expect(screen.getByRole('region', { name: 'Campaign and buyer' })).toHaveTextContent('Ran a call flow since deleted (#4), caller hung up at menu_1')
    await user.click(screen.getByRole('tab', { name: 'Technical' }))
    const section = await screen.findByRole('region', { name: 'Call flow' })
    expect(section).toHaveTextContent('Ended: Caller hung up at menu_1')
    expect(section).toHaveTextContent('None set.')
  })

  it('has no call flow section for a call that ran none', async () => {
    const user = userEvent.setup()
    renderWithProviders(<CallDetailTabs call={callDetail({ flow: null })} />)
    expect(screen.getByRole('region', { name: 'Campaign and buyer' })).not.toHaveTextContent('Ran call flow')
    await user.click(screen.getByRole('tab', { name: 'Technical' }))
    await screen.findByRole('region', { name: 'Timings' })
    expect(screen.queryByRole('region', { name: 'Call flow' })).not.toBeInTheDocument()
  })
})

describe('call details: the web visit', () => {
  const session = {
    id: 42,
    sessionId: 's_42',
    visitorId: 'v_9',
    phoneNumber: '+12135550101',
    live: false,
    utmSource: 'google',
    utmMedium: 'cpc',
    utmCampaign: 'spring',
    utmTerm: 'medicare plans',
    utmContent: null,
    gclid: 'Cj0KCQ-abc',
    fbclid: null,
    msclkid: null,
    landingPage: 'https://www.example.com/offer?utm_source=google&utm_medium=cpc',
    referrer: 'javascript:alert(1)',
    address: '203.0.113.0/24',
    firstVisit: '2026-11-25T14:50:00Z',
    lastVisit: '2026-11-25T14:58:00Z',
    pageViews: 4,
    leasedAt: '2026-11-25T14:50:01Z',
    leaseUntil: '2026-11-25T15:28:00Z',
  }

  it('shows the tag, the source, click ids, pages and lease, and each session’s share', () => {
    renderWithProviders(
      <CallDetailTabs
        timeZone="UTC"
        call={callDetail({
          utm: { source: 'google', medium: 'cpc', campaign: 'spring', content: null, term: 'medicare plans' },
          dni: {
            attributed: true,
            reason: null,
            tagId: 5,
            tagName: 'Spring landing page',
            session,
            model: 'linear',
            credits: [
              { sessionRow: 41, firstVisit: '2026-11-20T10:00:00Z', utmSource: 'Facebook', utmMedium: 'social', utmCampaign: null, referrer: null, share: 0.5 },
              { sessionRow: 42, firstVisit: '2026-11-25T14:50:00Z', utmSource: 'google', utmMedium: 'cpc', utmCampaign: 'spring', referrer: null, share: 0.5 },
            ],
          },
        })}
      />,
    )
    const visit = screen.getByRole('region', { name: 'Web visit' })
    expect(within(visit).getByRole('link', { name: 'Spring landing page' })).toHaveAttribute('href', '/dni/5')
    expect(visit).toHaveTextContent('Sourcegoogle')
    expect(visit).toHaveTextContent('Mediumcpc')
    expect(visit).toHaveTextContent('Campaignspring')
    expect(visit).toHaveTextContent('Termmedicare plans')
    expect(visit).not.toHaveTextContent('Content')
    expect(visit).toHaveTextContent('gclidCj0KCQ-abc')
    expect(visit).not.toHaveTextContent('fbclid')
    expect(visit).toHaveTextContent('Page views4')
    expect(visit).toHaveTextContent('Number leasedNov 25, 2026, 2:50 PM (+1 213-555-0101)')
    // URLs are text, never links (a referrer may be anything).
    const landing = within(visit).getByText('https://www.example.com/offer?utm_source=google&utm_medium=cpc')
    expect(landing).toHaveAttribute('title', 'https://www.example.com/offer?utm_source=google&utm_medium=cpc')
    expect(within(visit).getByText('javascript:alert(1)').closest('a')).toBeNull()
    expect(within(visit).getAllByRole('link')).toHaveLength(1)
    expect(visit).toHaveTextContent('Model: Linear · Facebook / social 50% · google / cpc 50%')
    const credits = within(within(visit).getByRole('list', { name: 'Credit by session' })).getAllByRole('listitem')
    expect(credits).toHaveLength(2)
    expect(credits[0]).toHaveTextContent('Facebook / social')
    expect(credits[0]).toHaveTextContent('50%')
    // The old utm-only section gives way to it.
    expect(screen.queryByRole('region', { name: 'Visit (UTM)' })).not.toBeInTheDocument()
  })

  it('says in one line why a call is not credited', () => {
    renderWithProviders(
      <CallDetailTabs
        call={callDetail({
          dni: { attributed: false, reason: 'the number is not in a DNI pool', tagId: null, tagName: null, session: null, model: null, credits: [] },
        })}
      />,
    )
    const visit = screen.getByRole('region', { name: 'Web visit' })
    expect(visit).toHaveTextContent('Not credited to a web visit: the number is not in a DNI pool.')
    expect(within(visit).queryByRole('link')).not.toBeInTheDocument()
  })

  it('has no web visit section without DNI data', () => {
    renderWithProviders(<CallDetailTabs call={callDetail({ dni: null })} />)
    expect(screen.getByRole('region', { name: 'Money' })).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Web visit' })).not.toBeInTheDocument()
  })
})

describe('call details: URL parameters', () => {
  it('lists the tracked parameters the call carries, by display name', () => {
    renderWithProviders(
      <CallDetailTabs
        call={callDetail({
          parameters: [
            { name: 'affiliate', displayName: 'affiliate', value: 'A1' },
            { name: 'sub_id', displayName: 'Sub id', value: '42' },
          ],
        })}
      />,
    )
    const section = screen.getByRole('region', { name: 'URL parameters' })
    const terms = within(section).getAllByRole('term').map((t) => t.textContent)
    const values = within(section).getAllByRole('definition').map((d) => d.textContent)
    expect(terms).toEqual(['affiliate', 'Sub id (sub_id)'])
    expect(values).toEqual(['A1', '42'])
  })

  it('has no URL parameters section when the call carries none', () => {
    renderWithProviders(<CallDetailTabs call={callDetail({ parameters: [] })} />)
    expect(screen.getByRole('region', { name: 'Geography' })).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'URL parameters' })).not.toBeInTheDocument()
  })
})
