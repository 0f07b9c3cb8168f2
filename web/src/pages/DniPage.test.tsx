import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import { liveFirst } from '@/components/dni/SessionsPanel'
import { todayIn, addDays } from '@/lib/dateRange'
import { dniSession, dniSource, dniTag, dniUsage } from '@/test/dniFixtures'
import { campaignSummary, phoneNumber, pool, signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

const session = { 'GET /api/auth/user': () => jsonResponse(signedInUser), 'GET /api/dni/sources': () => jsonResponse([]) }
const options = {
  'GET /api/campaigns': () => listResponse([campaignSummary(), campaignSummary({ id: 'c-2', name: 'Autumn Leads' })]),
  'GET /api/pools': () => listResponse([pool()]),
  'GET /api/phone-numbers': () => listResponse([phoneNumber({ id: 11, phoneNumber: '+12125550100' })]),
}

describe('DNI tags list', () => {
  it('replaces "Coming soon" with an empty state that explains DNI and offers a new tag', async () => {
    mockFetch({ ...session, 'GET /api/dni/tags': () => listResponse([]), ...options })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/dni' })
    expect(await screen.findByRole('heading', { level: 1, name: 'DNI' })).toBeInTheDocument()
    expect(await screen.findByText('No tracking tags yet')).toBeInTheDocument()
    expect(screen.getByText(/shows each visitor of your website a tracking number of their own/)).toBeInTheDocument()
    expect(screen.queryByText('Coming soon')).not.toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'DNI' })).toHaveAttribute('href', '/dni')

    const buttons = screen.getAllByRole('button', { name: 'New tracking tag' })
    await user.click(buttons[buttons.length - 1]!)
    expect(router.state.location.pathname).toBe('/dni/new')
    expect(await screen.findByRole('heading', { level: 1, name: 'New tracking tag' })).toBeInTheDocument()
  })

  it('lists tags with campaign, numbers in use, sessions, status and install state, and searches', async () => {
    const fetchMock = mockFetch({
      ...session,
      'GET /api/dni/tags': () =>
        listResponse(
          [
            dniTag({ lastSeenUrl: 'https://www.example.com/offer', lastSeenAt: new Date(Date.now() - 5 * 60_000).toISOString(), exhaustedCount: 4 }),
            dniTag({
              id: 6,
              name: 'Brand site',
              tagCode: 'brand',
              status: 'inactive',
              numberSource: 'static',
              poolId: null,
              poolName: null,
              staticNumberId: 11,
              staticNumber: '+12125550100',
              sessionsToday: 0,
            }),
          ],
          2,
        ),
    })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/dni' })
    const table = await screen.findByRole('table', { name: 'Tracking tags' })
    const first = (await within(table).findByRole('link', { name: 'Spring landing page' })).closest('tr')!
    expect(within(first).getByText('spring_lp')).toBeInTheDocument()
    expect(within(first).getByRole('link', { name: 'Spring Promo' })).toHaveAttribute('href', '/campaigns/c-1')
    expect(within(first).getByText('East Coast')).toBeInTheDocument()
    expect(within(first).getByText('3 / 10 in use')).toBeInTheDocument()
    expect(within(first).getByText('12')).toBeInTheDocument()
    expect(within(first).getByText('3')).toBeInTheDocument()
    expect(within(first).getByText('4')).toBeInTheDocument()
    expect(within(first).getByText('Active')).toBeInTheDocument()
    expect(first).toHaveTextContent('Seen on https://www.example.com/offer 5 minutes ago')

    const second = within(table).getByRole('link', { name: 'Brand site' }).closest('tr')!
    expect(within(second).getByText('+1 212-555-0100')).toBeInTheDocument()
    expect(within(second).getByText('Static number')).toBeInTheDocument()
    expect(within(second).getByText('Inactive')).toBeInTheDocument()
    expect(within(second).getByText('Not seen yet')).toBeInTheDocument()

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'brand')
    await waitFor(() => expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/api/dni/tags?') && String(url).includes('search=brand'))).toBe(true))

    // A click on the row opens the tag.
    await user.click(within(second).getByText('Static number'))
    expect(router.state.location.pathname).toBe('/dni/6')
  })

  it('shows a failed load with the server message and a retry', async () => {
    let calls = 0
    mockFetch({
      ...session,
      'GET /api/dni/tags': () => (++calls === 1 ? errorResponse(500, 'INTERNAL_ERROR', 'Database is locked') : listResponse([dniTag()])),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/dni' })
    const alert = (await screen.findByText('The tracking tags could not be loaded.')).closest('[role="alert"]') as HTMLElement
    expect(alert).toHaveTextContent('Database is locked')
    await user.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByRole('link', { name: 'Spring landing page' })).toBeInTheDocument()
  })
})

describe('new tracking tag', () => {
  it('creates a tag with the whole body and opens its Install tab', async () => {
    const fetchMock = mockFetch({
      ...session,
      ...options,
      'POST /api/dni/tags': () => jsonResponse({ id: 5, tagCode: 'spring_lp', jsCode: dniTag().jsCode, created: true }, 201),
      'GET /api/dni/tags/5': () => jsonResponse(dniTag()),
      'GET /api/dni/tags/5/sessions': () => jsonResponse([]),
    })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/dni/new' })
    const form = await screen.findByRole('form', { name: 'New tracking tag' })
    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Spring landing page')
    await user.type(within(form).getByRole('textbox', { name: /Tag code/ }), 'spring_lp')
    await user.click(within(form).getByRole('combobox', { name: /Campaign/ }))
    await user.click(await screen.findByRole('option', { name: 'Spring Promo' }))
    await user.type(within(form).getByRole('textbox', { name: 'Numbers to swap' }), '(800) 555-0000')
    await user.type(within(form).getByRole('textbox', { name: 'Allowed domains' }), 'example.com\nshop.example.com')
    await user.click(within(form).getByRole('switch', { name: 'Consent mode' }))
    await user.click(within(form).getByRole('button', { name: 'Create tag' }))

    await waitFor(() => expect(router.state.location.pathname).toBe('/dni/5'))
    expect(router.state.location.search).toBe('?tab=install')
    expect(bodyOf(fetchMock, 'POST /api/dni/tags')).toEqual({
      tagCode: 'spring_lp',
      name: 'Spring landing page',
      campaignId: 'c-1',
      description: null,
      status: 'active',
      numberSource: 'pool',
      poolId: null,
      staticNumberId: null,
      fallbackNumber: null,
      sessionMinutes: 30,
      selectors: '.phone-number, [data-dni="phone"]',
      swapNumbers: ['(800) 555-0000'],
      displayFormat: 'national',
      visitors: 'all',
      sourceRules: [],
      allowedDomains: ['example.com', 'shop.example.com'],
      consentMode: true,
      attributionWindow: 30,
      attributionModel: 'last_touch',
      halfLifeDays: 7,
    })
    expect(await screen.findByLabelText('Tracking snippet')).toHaveTextContent('data-tag="spring_lp"')
  })

  it('checks fields before saving: tag code, campaign, a static number, rules for matching visitors, domains', async () => {
    const fetchMock = mockFetch({ ...session, ...options })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/dni/new' })
    const form = await screen.findByRole('form', { name: 'New tracking tag' })
    await user.type(within(form).getByRole('textbox', { name: /Tag code/ }), 'bad code!')
    await user.click(within(form).getByRole('combobox', { name: 'Number source' }))
    await user.click(await screen.findByRole('option', { name: /One static number/ }))
    await user.click(within(form).getByRole('combobox', { name: 'Track' }))
    await user.click(await screen.findByRole('option', { name: /Only visitors a source rule matches/ }))
    await user.type(within(form).getByRole('textbox', { name: 'Allowed domains' }), 'https://example.com')
    await user.clear(within(form).getByRole('textbox', { name: /Session length/ }))
    await user.type(within(form).getByRole('textbox', { name: /Session length/ }), '2')
    await user.click(within(form).getByRole('button', { name: 'Create tag' }))

    expect(await within(form).findByRole('textbox', { name: /Tag code/ })).toHaveAccessibleDescription('Letters, digits, _ and - only')
    expect(within(form).getByRole('combobox', { name: /Campaign/ })).toHaveAccessibleDescription('Choose the campaign whose calls the tag tracks')
    expect(within(form).getByRole('combobox', { name: /Static number/ })).toHaveAccessibleDescription('Choose the number to show')
    expect(within(form).getByText('Add a rule: only visitors a rule matches are tracked')).toBeInTheDocument()
    expect(within(form).getByRole('textbox', { name: 'Allowed domains' })).toHaveAccessibleDescription(/is not a host name/)
    expect(within(form).getByRole('textbox', { name: /Session length/ })).toHaveAccessibleDescription('Enter a whole number of minutes from 5 to 1440')
    expect(calledRoutes(fetchMock)).toEqual([])
  })

  it('edits an ordered rule list and shows half-life only for time decay', async () => {
    mockFetch({ ...session, ...options })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/dni/new' })
    const form = await screen.findByRole('form', { name: 'New tracking tag' })
    await user.click(within(form).getByRole('button', { name: 'Add rule' }))
    await user.click(within(form).getByRole('button', { name: 'Add rule' }))
    await user.type(within(form).getByRole('textbox', { name: 'Rule 1 source name' }), 'Google Ads')
    await user.type(within(form).getByRole('textbox', { name: 'Rule 2 source name' }), 'Facebook')
    await user.click(within(form).getByRole('button', { name: 'Move rule 2 up' }))
    expect(within(form).getByRole('textbox', { name: 'Rule 1 source name' })).toHaveValue('Facebook')
    expect(within(form).getByRole('textbox', { name: 'Rule 2 source name' })).toHaveValue('Google Ads')
    expect(within(form).getByRole('button', { name: 'Move rule 1 up' })).toBeDisabled()
    expect(within(form).getByRole('button', { name: 'Move rule 2 down' })).toBeDisabled()

    // "is present" needs no value.
    await user.click(within(form).getByRole('combobox', { name: 'Rule 1 operator' }))
    await user.click(await screen.findByRole('option', { name: 'is present' }))
    expect(within(form).getByRole('textbox', { name: 'Rule 1 value' })).toBeDisabled()
    await user.click(within(form).getByRole('button', { name: 'Remove rule 2' }))
    expect(within(form).queryByRole('textbox', { name: 'Rule 2 source name' })).not.toBeInTheDocument()

    expect(within(form).queryByRole('textbox', { name: /Half-life/ })).not.toBeInTheDocument()
    await user.click(within(form).getByRole('combobox', { name: 'Attribution model' }))
    await user.click(await screen.findByRole('option', { name: 'Time decay' }))
    expect(within(form).getByRole('textbox', { name: /Half-life/ })).toHaveValue('7')
  })

  it('puts a 409 on the tag code and a 422 on the rule value the server names', async () => {
    let attempt = 0
    mockFetch({
      ...session,
      ...options,
      'POST /api/dni/tags': () =>
        ++attempt === 1
          ? errorResponse(409, 'CONFLICT', 'Conflict', { field: 'tagCode', reason: 'is already in use' })
          : errorResponse(422, 'VALIDATION_ERROR', 'Invalid tag', { field: 'sourceRules[0].value', reason: 'is required for this operator' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/dni/new' })
    const form = await screen.findByRole('form', { name: 'New tracking tag' })
    await user.type(within(form).getByRole('textbox', { name: /Tag code/ }), 'taken')
    await user.click(within(form).getByRole('combobox', { name: /Campaign/ }))
    await user.click(await screen.findByRole('option', { name: 'Autumn Leads' }))
    await user.click(within(form).getByRole('button', { name: 'Add rule' }))
    await user.type(within(form).getByRole('textbox', { name: 'Rule 1 source name' }), 'Google')
    await user.type(within(form).getByRole('textbox', { name: 'Rule 1 value' }), 'google')
    await user.click(within(form).getByRole('button', { name: 'Create tag' }))
    const code = within(form).getByRole('textbox', { name: /Tag code/ })
    await waitFor(() => expect(code).toHaveAccessibleDescription('is already in use'))
    expect(code).toHaveAttribute('aria-invalid', 'true')

    await user.click(within(form).getByRole('button', { name: 'Create tag' }))
    const value = within(form).getByRole('textbox', { name: 'Rule 1 value' })
    await waitFor(() => expect(value).toHaveAccessibleDescription('is required for this operator'))
  })
})

describe('tag page', () => {
  it('shows the figures, and saves the whole tag with PUT', async () => {
    const fetchMock = mockFetch({
      ...session,
      ...options,
      'GET /api/dni/tags/5': () => jsonResponse(dniTag({ sourceRules: [{ label: 'Google Ads', field: 'gclid', operator: 'exists', value: '' }] })),
      'PUT /api/dni/tags/5': () => jsonResponse(dniTag({ updatedAt: '2026-12-02T10:00:00Z', sessionMinutes: 45 })),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/dni/5' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Spring landing page' })).toBeInTheDocument()
    const figures = screen.getByRole('region', { name: 'Tag figures' })
    expect(figures).toHaveTextContent('Sessions Today12')
    expect(figures).toHaveTextContent('3 / 10')
    expect(figures).toHaveTextContent('Not seen yet')

    const form = await screen.findByRole('form', { name: 'Tag settings' })
    expect(within(form).getByRole('textbox', { name: 'Rule 1 source name' })).toHaveValue('Google Ads')
    expect(within(form).getByRole('textbox', { name: 'Numbers to swap' })).toHaveValue('+1 800-555-0000')
    const minutes = within(form).getByRole('textbox', { name: /Session length/ })
    await user.clear(minutes)
    await user.type(minutes, '45')
    await user.click(within(form).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toEqual(['PUT /api/dni/tags/5']))
    expect(bodyOf(fetchMock, 'PUT /api/dni/tags/5')).toMatchObject({
      tagCode: 'spring_lp',
      campaignId: 'c-1',
      poolId: 3,
      sessionMinutes: 45,
      fallbackNumber: '+1 800-555-0199',
      swapNumbers: ['+1 800-555-0000'],
      sourceRules: [{ label: 'Google Ads', field: 'gclid', operator: 'exists', value: '' }],
    })
  })

  it('install tab: copies the snippet, explains the setup, and checks the install', async () => {
    let seen = false
    mockFetch({
      ...session,
      ...options,
      'GET /api/dni/tags/5': () =>
        jsonResponse(dniTag(seen ? { lastSeenUrl: 'https://www.example.com/', lastSeenAt: new Date().toISOString() } : { consentMode: true })),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/dni/5?tab=install' })
    const snippet = await screen.findByLabelText('Tracking snippet')
    expect(snippet).toHaveTextContent('<script async src="https://app.example.test/dni.js?v=abc123" data-tag="spring_lp"></script>')
    await user.click(screen.getByRole('button', { name: 'Copy snippet' }))
    expect(await navigator.clipboard.readText()).toBe(dniTag().jsCode)
    expect(screen.getByRole('button', { name: 'Copied' })).toBeInTheDocument()
    expect(screen.getByText(/CallCenterDNI.consent\(\)/, { selector: 'code' })).toBeInTheDocument()
    expect(screen.getByText('data-dni="input"')).toBeInTheDocument()
    expect(screen.getByText('Not seen yet — open a page with the snippet, then refresh.')).toBeInTheDocument()

    seen = true
    await user.click(screen.getByRole('button', { name: 'Refresh' }))
    const check = (await screen.findAllByText('https://www.example.com/')).at(-1)!
    expect(check.closest('span')?.parentElement).toHaveTextContent('Seen on https://www.example.com/ just now')
  })

  it('sessions tab: live sessions first with their source', async () => {
    mockFetch({
      ...session,
      'GET /api/dni/tags/5': () => jsonResponse(dniTag()),
      'GET /api/dni/tags/5/sessions': () =>
        jsonResponse([
          dniSession({ id: 2, live: false, phoneNumber: '+12125550102', utmSource: null, utmMedium: null, utmCampaign: null, referrer: null }),
          dniSession({ id: 1, gclid: 'Cj0KCQ-abc' }),
        ]),
    })
    renderWithProviders(<AppRoutes />, { path: '/dni/5?tab=sessions' })
    const table = await screen.findByRole('table', { name: 'Visitor sessions' })
    await within(table).findByText('+1 212-555-0101')
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows[0]).toHaveTextContent('+1 212-555-0101')
    expect(rows[0]).toHaveTextContent('Live')
    expect(rows[0]).toHaveTextContent('Source:google')
    expect(rows[0]).toHaveTextContent('Medium:cpc')
    expect(rows[0]).toHaveTextContent('gclid:Cj0KCQ-abc')
    expect(rows[0]).toHaveTextContent('https://www.example.com/offer?utm_source=google')
    expect(rows[1]).toHaveTextContent('Ended')
    expect(rows[1]).toHaveTextContent('No utm tags')
    expect(screen.getByText(/1 live of the 2 most recent sessions/)).toBeInTheDocument()
    expect(screen.queryByText('Coming next')).not.toBeInTheDocument()
  })

  it('orders live sessions first, keeping the server order within each group', () => {
    const a = dniSession({ id: 1, live: false })
    const b = dniSession({ id: 2, live: true })
    const c = dniSession({ id: 3, live: false })
    const d = dniSession({ id: 4, live: true })
    expect(liveFirst([a, b, c, d]).map((s) => s.id)).toEqual([2, 4, 1, 3])
  })

  it('deletes after a confirmation that says what happens, and goes back to the list', async () => {
    const fetchMock = mockFetch({
      ...session,
      ...options,
      'GET /api/dni/tags/5': () => jsonResponse(dniTag()),
      'DELETE /api/dni/tags/5': () => jsonResponse({ deleted: true, id: 5 }),
      'GET /api/dni/tags': () => listResponse([]),
    })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/dni/5' })
    await user.click(await screen.findByRole('button', { name: 'Delete' }))
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete tracking tag?' })
    expect(dialog).toHaveTextContent('its snippet stops tracking')
    expect(dialog).toHaveTextContent('go back to the pool')
    await user.click(within(dialog).getByRole('button', { name: 'Delete tag' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/dni'))
    expect(calledRoutes(fetchMock)).toEqual(['DELETE /api/dni/tags/5'])
  })

  it('says when the tag does not exist', async () => {
    mockFetch({ ...session, 'GET /api/dni/tags/99': () => errorResponse(404, 'NOT_FOUND', 'No such tag') })
    renderWithProviders(<AppRoutes />, { path: '/dni/99' })
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument()
  })
})

describe('sources report', () => {
  const rows = [
    dniSource({ source: 'bing', medium: 'cpc', sessions: 40, calls: 1, conversions: 0, conversionRate: 0, revenue: '0.00', cost: '0.0085', costPerCall: '0.0085' }),
    dniSource(),
    dniSource({ source: null, medium: null, sessions: 15, calls: 0, conversions: 0, conversionRate: 0, revenue: '0.00', cost: '0.00', costPerCall: null }),
  ]

  it('lists sources by calls with money, "(no source)" for visits without one, and filters by tag', async () => {
    const fetchMock = mockFetch({
      ...session,
      'GET /api/dni/tags': () => listResponse([dniTag(), dniTag({ id: 6, name: 'Brand site' })]),
      'GET /api/dni/sources': () => jsonResponse(rows),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/dni' })
    const table = await screen.findByRole('table', { name: 'Sources' })
    await within(table).findByText('google')
    const body = within(table).getAllByRole('row').slice(1)
    expect(body.map((r) => Array.from(r.querySelectorAll('td, th')).map((c) => c.textContent))).toEqual([
      ['google', 'cpc', '120', '8', '3', '37.5%', '$1,250.00', '$12.50', '$1.56'],
      ['bing', 'cpc', '40', '1', '0', '0.0%', '$0.00', '$0.01', '$0.01'],
      ['(no source)', '—', '15', '0', '0', '—', '$0.00', '$0.00', '—'],
    ])
    const today = todayIn('UTC')
    const sourcesUrls = () => fetchMock.mock.calls.map(([u]) => String(u)).filter((u) => u.includes('/api/dni/sources'))
    expect(sourcesUrls()[0]).toContain(`from=${addDays(today, -29)}&to=${today}`)
    expect(sourcesUrls()[0]).not.toContain('tagId')

    // No compare switch here, and one tag at a time.
    const period = screen.getByRole('group', { name: 'Sources period' })
    expect(within(period).queryByRole('switch')).not.toBeInTheDocument()
    await user.click(screen.getByRole('combobox', { name: 'Tag' }))
    await user.click(await screen.findByRole('option', { name: 'Brand site' }))
    await waitFor(() => expect(sourcesUrls().some((u) => u.includes('tagId=6'))).toBe(true))
    expect(sourcesUrls().some((u) => u.includes('model='))).toBe(false)
  })

  it('credits calls under the attribution model chosen, with time decay’s half-life, and shows shares of calls', async () => {
    const shared = [
      dniSource({ source: 'google', medium: 'cpc', calls: 2.5, conversions: 1.25, conversionRate: 50 }),
      dniSource({ source: 'bing', medium: 'cpc', calls: 0.3333, conversions: 0, conversionRate: 0 }),
      dniSource({ source: 'newsletter', medium: 'email', calls: 3, conversions: 1, conversionRate: 33.3 }),
    ]
    const fetchMock = mockFetch({
      ...session,
      'GET /api/dni/tags': () => listResponse([dniTag()]),
      'GET /api/dni/sources': (_init, url) => jsonResponse(url.searchParams.get('model') ? shared : rows),
    })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/dni' })
    const table = await screen.findByRole('table', { name: 'Sources' })
    await within(table).findByText('google')
    expect(screen.getByRole('combobox', { name: 'Attribution model' })).toHaveTextContent("Tag's own model")
    expect(screen.queryByRole('textbox', { name: 'Half-life (days)' })).not.toBeInTheDocument()
    const sourcesUrls = () => fetchMock.mock.calls.map(([u]) => String(u)).filter((u) => u.includes('/api/dni/sources'))

    await user.click(screen.getByRole('combobox', { name: 'Attribution model' }))
    await user.click(await screen.findByRole('option', { name: 'Linear' }))
    await waitFor(() => expect(sourcesUrls().at(-1)).toContain('model=linear'))
    expect(sourcesUrls().at(-1)).not.toContain('halfLifeDays')
    expect(router.state.location.search).toContain('sourceModel=linear')
    await within(table).findByText('newsletter')
    const cells = () => within(table).getAllByRole('row').slice(1).map((r) => Array.from(r.querySelectorAll('td, th')).slice(0, 5).map((c) => c.textContent))
    expect(cells()).toEqual([
      ['newsletter', 'email', '120', '3', '1'],
      ['google', 'cpc', '120', '2.5', '1.25'],
      ['bing', 'cpc', '120', '0.33', '0'],
    ])
    expect(screen.getByText(/Multi-touch models \(linear, time decay\) share each call among the visitor.s sessions/)).toBeInTheDocument()

    await user.click(screen.getByRole('combobox', { name: 'Attribution model' }))
    await user.click(await screen.findByRole('option', { name: 'Time decay' }))
    await waitFor(() => expect(sourcesUrls().at(-1)).toContain('model=time_decay'))
    expect(sourcesUrls().at(-1)).not.toContain('halfLifeDays')
    const halfLife = screen.getByRole('textbox', { name: 'Half-life (days)' })
    await user.type(halfLife, '400')
    expect(await screen.findByText('A whole number of days from 1 to 365')).toBeInTheDocument()
    await user.clear(halfLife)
    await user.type(halfLife, '14')
    await waitFor(() => expect(sourcesUrls().at(-1)).toContain('model=time_decay&halfLifeDays=14'))
    expect(sourcesUrls().some((u) => u.includes('halfLifeDays=400'))).toBe(false)

    // Back to each tag's own model: neither is sent, and the half-life box goes.
    await user.click(screen.getByRole('combobox', { name: 'Attribution model' }))
    await user.click(await screen.findByRole('option', { name: "Tag's own model" }))
    await waitFor(() => expect(sourcesUrls().at(-1)).not.toContain('model='))
    expect(sourcesUrls().at(-1)).not.toContain('halfLifeDays')
    expect(screen.queryByRole('textbox', { name: 'Half-life (days)' })).not.toBeInTheDocument()
  })

  it('says when there were no visitors, and shows a failure with a retry', async () => {
    let calls = 0
    mockFetch({
      ...session,
      'GET /api/dni/tags': () => listResponse([dniTag()]),
      'GET /api/dni/sources': () => (++calls === 1 ? errorResponse(422, 'VALIDATION_ERROR', 'from: must be before to') : jsonResponse([])),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/dni' })
    const alert = await screen.findByText('The sources could not be loaded.')
    const box = alert.closest('[role="alert"]') as HTMLElement
    expect(box).toHaveTextContent('from: must be before to')
    await user.click(within(box).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByText('No visitors in this period')).toBeInTheDocument()
  })
})

describe('usage tab', () => {
  it('charts the numbers held with the pool size, says what to add, and lists the tag’s sources', async () => {
    const fetchMock = mockFetch({
      ...session,
      'GET /api/dni/tags/5': () => jsonResponse(dniTag()),
      'GET /api/dni/tags/5/usage': () => jsonResponse(dniUsage({ exhaustedCount: 2 })),
      'GET /api/dni/sources': () => jsonResponse([dniSource()]),
    })
    renderWithProviders(<AppRoutes />, { path: '/dni/5?tab=usage' })
    expect(await screen.findByText('At the 95th percentile 7 numbers were held at once; 9 would cover it (the pool has 5): add 4 numbers.')).toBeInTheDocument()
    expect(screen.getByRole('img', { name: /Numbers held at once.*pool size 5, recommended 9, highest 7/ })).toBeInTheDocument()
    expect(screen.getByText(/2 visitors found every number taken/)).toBeInTheDocument()
    const table = await screen.findByRole('table', { name: 'Sources of this tag' })
    expect(await within(table).findByText('google')).toBeInTheDocument()
    const today = todayIn('UTC')
    const urls = fetchMock.mock.calls.map(([u]) => String(u))
    expect(urls.find((u) => u.includes('/usage'))).toContain(`from=${addDays(today, -6)}&to=${today}`)
    expect(urls.find((u) => u.includes('/api/dni/sources'))).toContain('tagId=5')
  })

  it('says when the pool covers it, and when nobody visited', async () => {
    mockFetch({
      ...session,
      'GET /api/dni/tags/5': () => jsonResponse(dniTag()),
      'GET /api/dni/tags/5/usage': () => jsonResponse(dniUsage({ p95: 0, recommendedPoolSize: 0 }, [])),
      'GET /api/dni/sources': () => jsonResponse([]),
    })
    renderWithProviders(<AppRoutes />, { path: '/dni/5?tab=usage' })
    expect(await screen.findByText('No visitors in this period.')).toBeInTheDocument()
    expect(screen.queryByRole('img', { name: /Numbers held at once/ })).not.toBeInTheDocument()
  })

  it('shows a failed load with the server message and a retry', async () => {
    let calls = 0
    mockFetch({
      ...session,
      'GET /api/dni/tags/5': () => jsonResponse(dniTag()),
      'GET /api/dni/tags/5/usage': () =>
        ++calls === 1 ? errorResponse(422, 'VALIDATION_ERROR', 'from: at most 92 days') : jsonResponse(dniUsage({ poolSize: 20 })),
      'GET /api/dni/sources': () => jsonResponse([]),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/dni/5?tab=usage' })
    const title = await screen.findByText('The numbers in use could not be loaded.')
    const box = title.closest('[role="alert"]') as HTMLElement
    expect(box).toHaveTextContent('from: at most 92 days')
    await user.click(within(box).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByText('At the 95th percentile 7 numbers were held at once; the pool of 20 covers it.')).toBeInTheDocument()
  })
})
