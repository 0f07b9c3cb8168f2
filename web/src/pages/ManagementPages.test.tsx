import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import { buyer, campaign, phoneNumber, pool, signedInUser } from '@/test/fixtures'
import { bodyOf, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

const session = { 'GET /api/auth/user': () => jsonResponse(signedInUser) }

describe('management pages', () => {
  it('routes the four sections to their pages instead of "Coming soon"', async () => {
    mockFetch({
      ...session,
      'GET /api/campaigns': () => listResponse([]),
      'GET /api/buyers': () => listResponse([]),
      'GET /api/phone-numbers': () => listResponse([]),
      'GET /api/pools': () => listResponse([]),
    })
    for (const [path, heading, empty] of [
      ['/campaigns', 'Campaigns', 'No campaigns yet'],
      ['/buyers', 'Buyers', 'No buyers yet'],
      ['/phone-numbers', 'Phone Numbers', 'No phone numbers yet'],
      ['/pools', 'Number Pools', 'No number pools yet'],
    ] as const) {
      const view = renderWithProviders(<AppRoutes />, { path })
      expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeInTheDocument()
      expect(await screen.findByText(empty)).toBeInTheDocument()
      expect(screen.queryByText('Coming soon')).not.toBeInTheDocument()
      view.unmount()
    }
  })

  it('lists buyers with capacity and opens the edit form with their values', async () => {
    mockFetch({ ...session, 'GET /api/buyers': () => listResponse([buyer(), buyer({ id: 8, name: 'Beta Leads', maxConcurrentCalls: null, currentCalls: 0 })]) })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/buyers' })
    const table = await screen.findByRole('table', { name: 'Buyers' })
    const acmeLink = await within(table).findByRole('link', { name: 'Acme Insurance' })
    expect(acmeLink).toHaveAttribute('href', '/buyers/7')
    const acme = acmeLink.closest('tr')!
    expect(within(acme).getByLabelText('1 of 5 concurrent calls')).toHaveTextContent('1/5')
    expect(within(acme).getByText('+1 212-555-0111')).toBeInTheDocument()
    expect(within(acme).getByText('$250.00')).toBeInTheDocument()
    const beta = within(table).getByRole('link', { name: 'Beta Leads' }).closest('tr')!
    expect(within(beta).getByLabelText('0 of unlimited concurrent calls')).toHaveTextContent('0/∞')

    await user.click(within(acme).getByRole('button', { name: 'Edit Acme Insurance' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit Acme Insurance' })
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveValue('Acme Insurance')
    expect(within(dialog).getByRole('textbox', { name: 'Daily cap' })).toHaveValue('100')
    expect(within(dialog).getByRole('combobox', { name: 'Time zone' })).toHaveTextContent('America/New_York')
  })

  it('shows phone numbers with their webhook URL, copies it, and opens the history', async () => {
    mockFetch({
      ...session,
      'GET /api/phone-numbers': () =>
        listResponse([phoneNumber({ campaignId: 'c-1', campaignName: 'Spring Promo', poolId: 3, poolName: 'East Coast', totalCalls: 12, successRate: 50 })]),
      'GET /api/phone-numbers/11/history': () =>
        jsonResponse([
          { action: 'added_to_pool', poolId: 3, poolName: 'East Coast', campaignId: null, campaignName: null, at: '2026-01-05T10:00:00Z' },
          { action: 'assigned', campaignId: 'c-1', campaignName: 'Spring Promo', poolId: null, poolName: null, at: '2026-01-06T10:00:00Z' },
        ]),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/phone-numbers' })
    const table = await screen.findByRole('table', { name: 'Phone numbers' })
    const row = (await within(table).findByText('+1 212-555-0100')).closest('tr')!
    expect(within(row).getByRole('link', { name: 'Spring Promo' })).toHaveAttribute('href', '/campaigns/c-1')
    expect(within(row).getByRole('link', { name: 'East Coast' })).toHaveAttribute('href', '/pools/3')
    expect(within(row).getByText('12 calls')).toBeInTheDocument()
    expect(within(row).getByText('https://calls.example.com/webhooks/voice/11')).toBeInTheDocument()

    await user.click(within(row).getByRole('button', { name: 'Copy webhook URL of +1 212-555-0100' }))
    // user-event's clipboard stands in for the browser's.
    expect(await navigator.clipboard.readText()).toBe('https://calls.example.com/webhooks/voice/11')

    await user.click(within(row).getByRole('button', { name: 'History of +1 212-555-0100' }))
    const history = await screen.findByRole('dialog', { name: 'History of +1 212-555-0100' })
    const items = await within(history).findAllByRole('listitem')
    // Newest first.
    expect(items[0]).toHaveTextContent('Assigned to campaign Spring Promo')
    expect(items[1]).toHaveTextContent('Added to pool East Coast')
  })

  it('filters phone numbers to unassigned ones', async () => {
    const fetchMock = mockFetch({ ...session, 'GET /api/phone-numbers': () => listResponse([phoneNumber()]) })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/phone-numbers' })
    await screen.findByRole('table', { name: 'Phone numbers' })
    await user.click(screen.getByRole('checkbox', { name: 'Unassigned only' }))
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/phone-numbers?') && String(url).includes('unassigned=true'))).toBe(true),
    )
  })

  it('shows pools with their usage rate and creates a pool', async () => {
    const fetchMock = mockFetch({
      ...session,
      'GET /api/pools': () => listResponse([pool()]),
      'POST /api/pools': () => errorResponse(409, 'CONFLICT', 'Duplicate', { field: 'name', reason: 'A pool with this name already exists' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/pools' })
    const table = await screen.findByRole('table', { name: 'Number pools' })
    expect(await within(table).findByRole('progressbar', { name: 'Usage rate of East Coast' })).toHaveAttribute('aria-valuenow', '40')
    expect(within(table).getByRole('link', { name: 'East Coast' })).toHaveAttribute('href', '/pools/3')

    await user.click(screen.getByRole('button', { name: 'Create pool' }))
    const dialog = await screen.findByRole('dialog', { name: 'Create pool' })
    await user.type(within(dialog).getByRole('textbox', { name: 'Pool name' }), 'East Coast')
    await user.click(within(dialog).getByRole('button', { name: 'Create pool' }))
    expect(await within(dialog).findByText('A pool with this name already exists')).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'POST /api/pools')).toEqual({ name: 'East Coast', description: null, country: 'US', status: 'active' })
  })

  it('removes a number from a pool on its detail page', async () => {
    let numbers = [phoneNumber({ poolId: 3, poolName: 'East Coast' })]
    const fetchMock = mockFetch({
      ...session,
      'GET /api/pools/3': () => jsonResponse({ ...pool(), numbers }),
      'DELETE /api/pools/3/numbers/11': () => {
        numbers = []
        return jsonResponse({ id: 11, deleted: true })
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/pools/3' })
    expect(await screen.findByRole('heading', { level: 1, name: 'East Coast' })).toBeInTheDocument()
    const figures = screen.getByRole('region', { name: 'Pool figures' })
    expect(within(figures).getByText('6')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Remove +1 212-555-0100 from the pool' }))
    const confirm = await screen.findByRole('alertdialog', { name: 'Remove number from the pool?' })
    await user.click(within(confirm).getByRole('button', { name: 'Remove' }))
    expect(await screen.findByText('This pool has no numbers yet')).toBeInTheDocument()
    expect(fetchMock).toHaveBeenCalledWith('/api/pools/3/numbers/11', expect.objectContaining({ method: 'DELETE' }))
  })

  it("shows a campaign's settings, numbers and buyers with links to edit them", async () => {
    mockFetch({
      ...session,
      'GET /api/campaigns/c-1': () =>
        jsonResponse(
          campaign({
            status: 'active',
            description: 'Q2 leads',
            hourlyCap: 10,
            callCap: 100,
            phoneNumbers: [{ id: 11, phoneNumber: '+12125550100', poolId: null }],
            buyers: [
              { buyerId: 7, buyerName: 'Acme Insurance', buyerStatus: 'active', priority: 2, weight: 1, maxConcurrentCalls: 3, hourlyCap: null, dailyCap: 50, monthlyCap: null, status: 'active' },
            ],
            buyersCount: 1,
            callsCount: 42,
            revenue: '1234.50',
          }),
        ),
    })
    renderWithProviders(<AppRoutes />, { path: '/campaigns/c-1' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Spring Promo' })).toBeInTheDocument()
    expect(screen.getByText('Q2 leads')).toBeInTheDocument()
    expect(screen.getByText('$1,234.50')).toBeInTheDocument()
    expect(screen.getByText('10 / 100 / No limit')).toBeInTheDocument()
    expect(screen.getByText('+1 212-555-0100')).toBeInTheDocument()
    const buyers = screen.getByRole('table', { name: 'Buyers of this campaign' })
    expect(within(buyers).getByText('Acme Insurance').closest('tr')).toHaveTextContent('— / 50 / —')
    expect(screen.getByRole('link', { name: 'Edit' })).toHaveAttribute('href', '/campaigns/c-1/edit')
    expect(screen.getByRole('link', { name: 'Edit numbers' })).toHaveAttribute('href', '/campaigns/c-1/edit?step=numbers')
    expect(screen.getByRole('link', { name: 'Edit buyers' })).toHaveAttribute('href', '/campaigns/c-1/edit?step=buyers')
  })

  it('opens the edit wizard on the step asked for, with the campaign loaded', async () => {
    mockFetch({
      ...session,
      'GET /api/campaigns/c-1': () => jsonResponse(campaign({ buyers: [{ buyerId: 7, buyerName: 'Acme Insurance', buyerStatus: 'active', priority: 2, weight: 4, maxConcurrentCalls: null, hourlyCap: null, dailyCap: null, monthlyCap: null, status: 'paused' }] })),
      'GET /api/buyers': () => listResponse([buyer()]),
    })
    renderWithProviders(<AppRoutes />, { path: '/campaigns/c-1/edit?step=buyers' })
    expect(await screen.findByText('Step 3 of 4: Buyers')).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'Weight for Acme Insurance' })).toHaveValue('4')
    expect(screen.getByRole('combobox', { name: 'Status for Acme Insurance' })).toHaveTextContent('Paused')
  })

  it('shows the not-found page for a campaign that does not exist', async () => {
    mockFetch({ ...session, 'GET /api/campaigns/nope': () => errorResponse(404, 'NOT_FOUND', 'Campaign not found') })
    renderWithProviders(<AppRoutes />, { path: '/campaigns/nope' })
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument()
  })
})
