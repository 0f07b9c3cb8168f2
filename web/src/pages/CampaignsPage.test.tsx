import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { campaignSummary } from '@/test/fixtures'
import { errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'
import { CampaignsPage } from './CampaignsPage'

/** 60 campaigns on the server; answers the requested page. */
function pagedCampaigns() {
  const all = Array.from({ length: 60 }, (_, i) => campaignSummary({ id: `c-${i + 1}`, name: `Campaign ${i + 1}` }))
  const requests: URLSearchParams[] = []
  const fetchMock = mockFetch({
    'GET /api/campaigns': (_init, url) => {
      requests.push(url.searchParams)
      const limit = Number(url.searchParams.get('limit'))
      const offset = Number(url.searchParams.get('offset'))
      return listResponse(all.slice(offset, offset + limit), all.length)
    },
  })
  return { fetchMock, requests }
}

describe('campaign list', () => {
  it('pages with limit/offset and reads the total from X-Total-Count', async () => {
    const { requests } = pagedCampaigns()
    const user = userEvent.setup()
    renderWithProviders(<CampaignsPage />, { path: '/campaigns' })

    expect(await screen.findByText('Showing 1–25 of 60 campaigns')).toBeInTheDocument()
    expect(screen.getByText('Page 1 of 3')).toBeInTheDocument()
    expect(requests[0]?.get('limit')).toBe('25')
    expect(requests[0]?.get('offset')).toBe('0')
    expect(requests[0]?.get('sort')).toBe('createdAt')
    expect(requests[0]?.get('order')).toBe('desc')
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled()

    await user.click(screen.getByRole('button', { name: 'Next page' }))
    expect(await screen.findByText('Showing 26–50 of 60 campaigns')).toBeInTheDocument()
    expect(requests.at(-1)?.get('offset')).toBe('25')
    expect(await screen.findByRole('link', { name: 'Campaign 26' })).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Next page' }))
    expect(await screen.findByText('Showing 51–60 of 60 campaigns')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled()
  })

  it('sorts on the server when a heading is clicked, and back to page 1', async () => {
    const { requests } = pagedCampaigns()
    const user = userEvent.setup()
    renderWithProviders(<CampaignsPage />, { path: '/campaigns?page=2' })
    expect(await screen.findByText('Showing 26–50 of 60 campaigns')).toBeInTheDocument()

    const table = screen.getByRole('table', { name: 'Campaigns' })
    await user.click(within(table).getByRole('button', { name: 'Name' }))
    await waitFor(() => expect(requests.at(-1)?.get('sort')).toBe('name'))
    expect(requests.at(-1)?.get('order')).toBe('asc')
    expect(requests.at(-1)?.get('offset')).toBe('0')
    expect(within(table).getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'ascending')

    await user.click(within(table).getByRole('button', { name: 'Name' }))
    await waitFor(() => expect(requests.at(-1)?.get('order')).toBe('desc'))
    expect(within(table).getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending')
  })

  it('sends the filters: debounced search, status, type and dates', async () => {
    const { requests } = pagedCampaigns()
    const user = userEvent.setup()
    renderWithProviders(<CampaignsPage />, { path: '/campaigns' })
    await screen.findByText('Showing 1–25 of 60 campaigns')

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'spring')
    await waitFor(() => expect(requests.at(-1)?.get('search')).toBe('spring'))
    // Debounced: one request for the word, not one per letter.
    expect(requests.filter((r) => r.has('search'))).toHaveLength(1)

    await user.click(screen.getByRole('combobox', { name: 'Status' }))
    await user.click(await screen.findByRole('option', { name: 'Paused' }))
    await waitFor(() => expect(requests.at(-1)?.get('status')).toBe('paused'))

    await user.click(screen.getByRole('combobox', { name: 'Type' }))
    await user.click(await screen.findByRole('option', { name: 'RTB' }))
    await waitFor(() => expect(requests.at(-1)?.get('type')).toBe('rtb'))

    await user.type(screen.getByLabelText('Created from'), '2026-01-01')
    await waitFor(() => expect(requests.at(-1)?.get('from')).toBe('2026-01-01'))

    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!)
    await waitFor(() => expect(requests.at(-1)?.has('status')).toBe(false))
    expect(requests.at(-1)?.has('search')).toBe(false)
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('')
  })

  it('shows the empty state and the error state', async () => {
    mockFetch({ 'GET /api/campaigns': () => listResponse([], 0) })
    const first = renderWithProviders(<CampaignsPage />, { path: '/campaigns' })
    expect(await screen.findByText('No campaigns yet')).toBeInTheDocument()
    expect(screen.getAllByRole('link', { name: /Create Campaign/ })[0]).toHaveAttribute('href', '/campaigns/new')
    first.unmount()

    mockFetch({ 'GET /api/campaigns': () => errorResponse(500, 'INTERNAL_ERROR', 'Database unavailable') })
    renderWithProviders(<CampaignsPage />, { path: '/campaigns' })
    expect(await screen.findByRole('alert')).toHaveTextContent('Database unavailable')
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument()
  })

  it('deletes a campaign after confirming', async () => {
    let deleted = false
    const fetchMock = mockFetch({
      'GET /api/campaigns': () => listResponse(deleted ? [] : [campaignSummary()], deleted ? 0 : 1),
      'DELETE /api/campaigns/c-1': () => {
        deleted = true
        return jsonResponse({ id: 'c-1', deleted: true })
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<CampaignsPage />, { path: '/campaigns' })
    const row = (await screen.findByRole('link', { name: 'Spring Promo' })).closest('tr')!
    expect(within(row).getByText('$1,234.50')).toBeInTheDocument()
    expect(within(row).getByText('75.0%')).toBeInTheDocument()
    expect(within(row).getByText('+1 212-555-0100')).toBeInTheDocument()

    await user.click(within(row).getByRole('button', { name: 'Delete Spring Promo' }))
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete campaign?' })
    expect(fetchMock).not.toHaveBeenCalledWith('/api/campaigns/c-1', expect.anything())
    await user.click(within(dialog).getByRole('button', { name: 'Delete campaign' }))
    expect(await screen.findByText('No campaigns yet')).toBeInTheDocument()
    expect(fetchMock).toHaveBeenCalledWith('/api/campaigns/c-1', expect.objectContaining({ method: 'DELETE' }))
  })
})
