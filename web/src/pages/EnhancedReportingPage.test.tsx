import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { CallDetail, CallSummary } from '@/api/types'
import { buyer, campaignSummary, signedInUser } from '@/test/fixtures'
import { errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

const SID = 'CA62900b63849fc3eaaaab5cd85e25e582'

function callSummary(overrides: Partial<CallSummary> = {}): CallSummary {
  return {
    id: 101,
    callSid: SID,
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
    ...overrides,
  }
}

function callDetail(overrides: Partial<CallDetail> = {}): CallDetail {
  return {
    ...callSummary(),
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
    routing: {
      outcome: 'routed',
      reason: null,
      duplicate: false,
      paid: true,
      trace: [
        { buyerId: 7, buyerName: 'Premium Buyer', result: 'selected', reason: null },
        { buyerId: 8, buyerName: 'Medicare Direct Line', result: 'eligible', reason: null },
        { buyerId: 9, buyerName: 'Coast Health Agency', result: 'skipped', reason: 'outside business hours' },
      ],
      candidates: [
        { buyerId: 7, buyerName: 'Premium Buyer', number: '+12125550101', backupNumber: '+12125550111', payout: '45.00' },
        { buyerId: 8, buyerName: 'Medicare Direct Line', number: '+13055550102', backupNumber: null, payout: '38.00' },
      ],
      notes: ['priority routing'],
    },
    utm: { source: 'google', medium: null, campaign: null, content: null, term: null },
    parameters: [],
    ...overrides,
  }
}

const trackedParameters = [
  {
    id: 1,
    parameterName: 'affiliate',
    displayName: 'Affiliate',
    parameterType: 'string',
    defaultValue: null,
    trackingScope: 'global',
    campaignId: null,
    status: 'active',
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
  },
  {
    id: 2,
    parameterName: 'sub_id',
    displayName: 'sub_id',
    parameterType: 'number',
    defaultValue: '0',
    trackingScope: 'global',
    campaignId: null,
    status: 'active',
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
  },
]

const base = {
  'GET /api/auth/user': () => jsonResponse(signedInUser),
  'GET /api/integrations/url-parameters': () => jsonResponse(trackedParameters),
  'GET /api/campaigns': () => listResponse([campaignSummary({ id: 'c-1', name: 'Medicare Direct' })]),
  'GET /api/buyers': () => listResponse([buyer({ id: 7, name: 'Premium Buyer' })]),
}

/** The query of every GET /api/calls the mock received. */
function callQueries(fetchMock: { mock: { calls: unknown[][] } }): URLSearchParams[] {
  return fetchMock.mock.calls
    .map(([input]) => new URL(String(input), 'http://localhost'))
    .filter((url) => url.pathname === '/api/calls')
    .map((url) => url.searchParams)
}

describe('enhanced reporting: the call explorer', () => {
  it('sends the filters, sort and page from the URL and shows {calls, total, hasMore}', async () => {
    const fetchMock = mockFetch({
      ...base,
      'GET /api/calls': () =>
        jsonResponse({ calls: [callSummary(), callSummary({ id: 102, callSid: 'CAsecond', callerCity: null, callerState: null, dialedNumber: null, status: 'no_route', disposition: 'no_route', revenue: '0.00', isDuplicate: true })], total: 45, hasMore: true }),
    })
    renderWithProviders(<AppRoutes />, {
      path: '/enhanced-reporting?campaignId=c-1&status=completed&buyerId=7&from=2026-11-01&to=2026-11-30&callerState=CA&callerCity=Los%20Angeles&minRevenue=10&maxRevenue=50&search=CA629&source=google&medium=cpc&utmCampaign=Spring%20Sale&utmTerm=car%20insurance&utmContent=banner-a&clickId=Cj0KCQ&visitorId=v_9&param=affiliate%3AA%3A1&sort=revenue&order=desc&page=2&size=10',
    })
    expect(await screen.findByRole('heading', { level: 1, name: 'Enhanced Reporting' })).toBeInTheDocument()
    const table = await screen.findByRole('table', { name: 'Calls' })
    await within(table).findByRole('button', { name: `Details of call ${SID}` })

    const sent = callQueries(fetchMock).at(-1)!
    expect(Object.fromEntries(sent)).toEqual({
      limit: '10',
      offset: '10',
      sort: 'revenue',
      order: 'desc',
      campaignId: 'c-1',
      status: 'completed',
      buyerId: '7',
      from: '2026-11-01',
      to: '2026-11-30',
      callerState: 'CA',
      callerCity: 'Los Angeles',
      minRevenue: '10',
      maxRevenue: '50',
      search: 'CA629',
      source: 'google',
      medium: 'cpc',
      utmCampaign: 'Spring Sale',
      utmTerm: 'car insurance',
      utmContent: 'banner-a',
      clickId: 'Cj0KCQ',
      visitorId: 'v_9',
      param: 'affiliate:A:1',
    })
    expect(screen.getByRole('textbox', { name: 'Medium' })).toHaveValue('cpc')
    expect(screen.getByRole('textbox', { name: 'Term' })).toHaveValue('car insurance')
    expect(screen.getByRole('textbox', { name: 'Content' })).toHaveValue('banner-a')
    expect(screen.getByRole('textbox', { name: 'Click id' })).toHaveValue('Cj0KCQ')
    expect(screen.getByRole('textbox', { name: 'Visitor id' })).toHaveValue('v_9')
    expect(screen.getByRole('combobox', { name: 'URL parameter' })).toHaveTextContent('Affiliate (affiliate)')
    expect(screen.getByRole('textbox', { name: 'URL parameter value' })).toHaveValue('A:1')
    expect(screen.getByRole('textbox', { name: 'Ad campaign' })).toHaveValue('Spring Sale')

    const first = within(table).getByRole('button', { name: `Details of call ${SID}` }).closest('tr')!
    expect(first).toHaveTextContent('Medicare Direct')
    expect(first).toHaveTextContent('+1 310-555-0100')
    expect(first).toHaveTextContent('Los Angeles, CA')
    expect(first).toHaveTextContent('+1 212-555-0101')
    expect(first).toHaveTextContent('2:05')
    expect(first).toHaveTextContent('Completed')
    expect(first).toHaveTextContent('$45.00')
    expect(within(first).getByRole('link', { name: 'Medicare Direct' })).toHaveAttribute('href', '/campaigns/c-1')
    const second = within(table).getByRole('button', { name: 'Details of call CAsecond' }).closest('tr')!
    expect(second).toHaveTextContent('Not dialled')
    expect(second).toHaveTextContent('No route')
    expect(second).toHaveTextContent('Duplicate')

    // The total comes from the body: page 2 of 5.
    expect(screen.getByText('Showing 11–20 of 45 calls')).toBeInTheDocument()
    expect(screen.getByText('Page 2 of 5')).toBeInTheDocument()
    expect(screen.getByRole('columnheader', { name: /Revenue/ })).toHaveAttribute('aria-sort', 'descending')
  })

  it('sorts on the server, pages and filters', async () => {
    const fetchMock = mockFetch({
      ...base,
      'GET /api/calls': () => jsonResponse({ calls: [callSummary()], total: 60, hasMore: true }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/enhanced-reporting' })
    const table = await screen.findByRole('table', { name: 'Calls' })
    await within(table).findByRole('button', { name: `Details of call ${SID}` })
    expect(Object.fromEntries(callQueries(fetchMock)[0]!)).toEqual({ limit: '25', offset: '0', sort: 'createdAt', order: 'desc' })

    await user.click(screen.getByRole('button', { name: 'Next page' }))
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('offset')).toBe('25'))

    await user.click(within(table).getByRole('button', { name: /Duration/ }))
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('sort')).toBe('duration'))
    expect(callQueries(fetchMock).at(-1)!.get('order')).toBe('asc')
    expect(callQueries(fetchMock).at(-1)!.get('offset')).toBe('0')

    await user.type(screen.getByRole('textbox', { name: 'Caller state' }), 'NY')
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('callerState')).toBe('NY'))
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), '(310) 555')
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('search')).toBe('(310) 555'))
    await user.type(screen.getByRole('textbox', { name: 'Medium' }), 'cpc ')
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('medium')).toBe('cpc'))
    await user.type(screen.getByRole('textbox', { name: 'Ad campaign' }), 'spring')
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('utmCampaign')).toBe('spring'))
    expect(callQueries(fetchMock).at(-1)!.get('medium')).toBe('cpc')

    // An amount that is not one is held back and explained.
    await user.type(screen.getByRole('textbox', { name: 'Min revenue' }), '1x')
    expect(await screen.findByText('An amount such as 10.50')).toBeInTheDocument()
    expect(callQueries(fetchMock).some((q) => q.has('minRevenue'))).toBe(false)

    await user.click(screen.getByRole('combobox', { name: 'Status' }))
    await user.click(await screen.findByRole('option', { name: 'No answer' }))
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('status')).toBe('no-answer'))

    await user.click(screen.getByRole('combobox', { name: 'Buyer' }))
    await user.click(await screen.findByRole('option', { name: 'Premium Buyer' }))
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('buyerId')).toBe('7'))

    await user.type(screen.getByRole('textbox', { name: 'Term' }), ' car insurance ')
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('utmTerm')).toBe('car insurance'))
    await user.type(screen.getByRole('textbox', { name: 'Content' }), 'banner-a')
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('utmContent')).toBe('banner-a'))
    await user.type(screen.getByRole('textbox', { name: 'Click id' }), 'Cj0KCQ')
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('clickId')).toBe('Cj0KCQ'))
    await user.type(screen.getByRole('textbox', { name: 'Visitor id' }), 'v_9')
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('visitorId')).toBe('v_9'))
  })

  it('filters by a tracked URL parameter only once both its name and value are set', async () => {
    const fetchMock = mockFetch({ ...base, 'GET /api/calls': () => jsonResponse({ calls: [callSummary()], total: 1, hasMore: false }) })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/enhanced-reporting' })
    const value = await screen.findByRole('textbox', { name: 'URL parameter value' })
    expect(value).toBeDisabled()

    await user.click(screen.getByRole('combobox', { name: 'URL parameter' }))
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual(['Any parameter', 'Affiliate (affiliate)', 'sub_id'])
    await user.click(screen.getByRole('option', { name: 'Affiliate (affiliate)' }))
    expect(value).toBeEnabled()
    const before = callQueries(fetchMock).length
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(callQueries(fetchMock).slice(before).some((q) => q.has('param'))).toBe(false)

    await user.type(value, ' A1 ')
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('param')).toBe('affiliate:A1'))
    expect(router.state.location.search).toContain('param=affiliate%3AA1')
    const csv = new URL(screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')!, 'http://localhost')
    expect(csv.searchParams.get('param')).toBe('affiliate:A1')

    // Another parameter keeps the value; "Any parameter" drops the filter.
    await user.click(screen.getByRole('combobox', { name: 'URL parameter' }))
    await user.click(await screen.findByRole('option', { name: 'sub_id' }))
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.get('param')).toBe('sub_id:A1'))
    await user.click(screen.getByRole('combobox', { name: 'URL parameter' }))
    await user.click(await screen.findByRole('option', { name: 'Any parameter' }))
    await waitFor(() => expect(callQueries(fetchMock).at(-1)!.has('param')).toBe(false))
    expect(screen.getByRole('textbox', { name: 'URL parameter value' })).toBeDisabled()
  })

  it('picks the parameter named by "Find calls", and has no parameter filter when none is tracked', async () => {
    mockFetch({ ...base, 'GET /api/calls': () => jsonResponse({ calls: [callSummary()], total: 1, hasMore: false }) })
    const first = renderWithProviders(<AppRoutes />, { path: '/enhanced-reporting?paramName=sub_id' })
    expect(await screen.findByRole('combobox', { name: 'URL parameter' })).toHaveTextContent('sub_id')
    expect(screen.getByRole('textbox', { name: 'URL parameter value' })).toBeEnabled()
    first.unmount()

    mockFetch({ ...base, 'GET /api/integrations/url-parameters': () => jsonResponse([]), 'GET /api/calls': () => jsonResponse({ calls: [callSummary()], total: 1, hasMore: false }) })
    renderWithProviders(<AppRoutes />, { path: '/enhanced-reporting' })
    await screen.findByRole('table', { name: 'Calls' })
    await screen.findByRole('textbox', { name: 'Visitor id' })
    await waitFor(() => expect(screen.queryByRole('group', { name: 'URL parameter' })).not.toBeInTheDocument())
    expect(screen.queryByRole('combobox', { name: 'URL parameter' })).not.toBeInTheDocument()
  })

  it('links the CSV, Excel and PDF exports with the current filters and sort', async () => {
    mockFetch({ ...base, 'GET /api/calls': () => jsonResponse({ calls: [callSummary()], total: 1, hasMore: false }) })
    renderWithProviders(<AppRoutes />, {
      path: '/enhanced-reporting?status=completed&campaignId=c-1&callerCity=Los%20Angeles&medium=email&utmCampaign=black-friday&utmTerm=car&utmContent=banner-a&clickId=Cj0&visitorId=v_9&param=affiliate%3AA1&sort=duration&order=asc&page=3',
    })
    const link = await screen.findByRole('link', { name: 'Export CSV' })
    const url = new URL(link.getAttribute('href')!, 'http://localhost')
    expect(url.pathname).toBe('/api/calls/export.csv')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: 'completed',
      campaignId: 'c-1',
      callerCity: 'Los Angeles',
      medium: 'email',
      utmCampaign: 'black-friday',
      utmTerm: 'car',
      utmContent: 'banner-a',
      clickId: 'Cj0',
      visitorId: 'v_9',
      param: 'affiliate:A1',
      sort: 'duration',
      order: 'asc',
    })
    expect(link).toHaveAttribute('download')

    for (const [name, path] of [['Export Excel', '/api/calls/export.xlsx'], ['Export PDF', '/api/calls/export.pdf']] as const) {
      const other = screen.getByRole('link', { name })
      const otherUrl = new URL(other.getAttribute('href')!, 'http://localhost')
      expect(otherUrl.pathname).toBe(path)
      expect(otherUrl.search).toBe(url.search)
      expect(other).toHaveAttribute('download')
    }
  })

  it('opens the tab named in the URL and switches between Calls, Trends and Reports', async () => {
    mockFetch({
      ...base,
      'GET /api/calls': () => jsonResponse({ calls: [callSummary()], total: 1, hasMore: false }),
      'POST /api/reports/run': () => jsonResponse({ dimensions: [], metrics: ['calls'], from: '2026-10-27', to: '2026-11-25', chartType: 'bar', rows: [], totals: { calls: 0 }, truncated: false }),
      'GET /api/reports': () => jsonResponse({ reports: [] }),
      'GET /api/rtb/targets': () => listResponse([]),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/enhanced-reporting?tab=trends' })
    expect(await screen.findByRole('tab', { name: 'Trends', selected: true })).toBeInTheDocument()
    expect(await screen.findByRole('region', { name: 'Hourly pattern' })).toBeInTheDocument()
    expect(screen.queryByRole('table', { name: 'Calls' })).not.toBeInTheDocument()

    await user.click(screen.getByRole('tab', { name: 'Reports' }))
    expect(await screen.findByRole('form', { name: 'Report builder' })).toBeInTheDocument()
    expect(await screen.findByText('No saved reports yet')).toBeInTheDocument()

    await user.click(screen.getByRole('tab', { name: 'Calls' }))
    expect(await screen.findByRole('table', { name: 'Calls' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Export CSV' })).toBeInTheDocument()
  })

  it('opens a call in a side panel: routing trace on Technical, no auction on RTB, the recording', async () => {
    const fetchMock = mockFetch({
      ...base,
      'GET /api/calls': () => jsonResponse({ calls: [callSummary()], total: 1, hasMore: false }),
      'GET /api/calls/101': () =>
        jsonResponse(callDetail({ recordingUrl: 'https://api.twilio.com/rec/RE1.mp3', recordingSid: 'RE1', recordingDuration: 118, transcription: 'Hello, I am calling about Medicare.' })),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/enhanced-reporting' })
    await user.click(await screen.findByRole('button', { name: `Details of call ${SID}` }))
    const panel = await screen.findByRole('dialog', { name: 'Call details' })
    expect(fetchMock).toHaveBeenCalledWith('/api/calls/101', expect.anything())

    // Overview: money, routing outcome, geography.
    const money = await within(panel).findByRole('region', { name: 'Money' })
    expect(money).toHaveTextContent('Cost$0.0085')
    expect(money).toHaveTextContent('Revenue$45.00')
    expect(money).toHaveTextContent('Profit$44.99')
    expect(within(panel).getByRole('region', { name: 'Routing outcome' })).toHaveTextContent('Routed')
    expect(within(panel).getByRole('region', { name: 'Geography' })).toHaveTextContent('Los Angeles, CA')

    await user.click(within(panel).getByRole('tab', { name: 'Technical' }))
    const trace = await within(panel).findByRole('table', { name: 'Routing decision trace' })
    const rows = within(trace).getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['Premium Buyer', 'Medicare Direct Line', 'Coast Health Agency'])
    expect(rows[0]).toHaveTextContent('Selected')
    expect(rows[2]).toHaveTextContent('Skipped')
    expect(rows[2]).toHaveTextContent('outside business hours')
    expect(within(panel).getByRole('table', { name: 'Candidate buyers, in the order they were tried' })).toHaveTextContent('+1 212-555-0111')
    expect(within(panel).getByText('priority routing')).toBeInTheDocument()
    const timings = within(panel).getByRole('region', { name: 'Timings' })
    expect(timings).toHaveTextContent('Talk time2:00 (120 s)')
    expect(timings).toHaveTextContent('Routing attempts1')

    await user.click(within(panel).getByRole('tab', { name: 'RTB Analytics' }))
    expect(await within(panel).findByText('No auction for this call')).toBeInTheDocument()

    await user.click(within(panel).getByRole('tab', { name: 'Recordings' }))
    const audio = await within(panel).findByLabelText(`Recording of call ${SID}`)
    expect(audio.tagName).toBe('AUDIO')
    expect(audio).toHaveAttribute('src', 'https://api.twilio.com/rec/RE1.mp3')
    expect(audio).toHaveAttribute('controls')
    expect(within(panel).getByRole('link', { name: 'Download recording' })).toHaveAttribute('href', 'https://api.twilio.com/rec/RE1.mp3')
    expect(within(panel).getByText('Hello, I am calling about Medicare.')).toBeInTheDocument()
  })

  it('says "No recording" and "no stored decision" when there is none', async () => {
    mockFetch({
      ...base,
      'GET /api/calls': () => jsonResponse({ calls: [callSummary()], total: 1, hasMore: false }),
      'GET /api/calls/101': () => jsonResponse(callDetail({ routing: null })),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/enhanced-reporting' })
    await user.click(await screen.findByRole('button', { name: `Details of call ${SID}` }))
    const panel = await screen.findByRole('dialog', { name: 'Call details' })
    await within(panel).findByRole('region', { name: 'Money' })
    await user.click(within(panel).getByRole('tab', { name: 'Recordings' }))
    expect(await within(panel).findByText('No recording')).toBeInTheDocument()
    await user.click(within(panel).getByRole('tab', { name: 'Technical' }))
    expect(await within(panel).findByText('No routing decision was stored for this call.')).toBeInTheDocument()
  })

  it('shows the empty, filtered-empty and error states', async () => {
    let answer = () => jsonResponse({ calls: [], total: 0, hasMore: false })
    mockFetch({ ...base, 'GET /api/calls': () => answer() })
    const first = renderWithProviders(<AppRoutes />, { path: '/enhanced-reporting' })
    expect(await screen.findByText('No calls yet')).toBeInTheDocument()
    first.unmount()

    const second = renderWithProviders(<AppRoutes />, { path: '/enhanced-reporting?status=busy' })
    expect(await screen.findByText('No call matches these filters')).toBeInTheDocument()
    second.unmount()

    answer = () => errorResponse(500, 'INTERNAL_ERROR', 'The database is unavailable')
    renderWithProviders(<AppRoutes />, { path: '/enhanced-reporting' })
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('The calls could not be loaded.')
    expect(alert).toHaveTextContent('The database is unavailable')
  })
})
