import { screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { listResponse, mockFetch, renderWithProviders } from '@/test/render'
import { RtbManagementPage } from './RtbManagementPage'

afterEach(() => vi.unstubAllGlobals())

describe('RTB management page', () => {
  it('shows the tabs and says every call to an active RTB campaign is auctioned', async () => {
    mockFetch({ 'GET /api/rtb/targets': () => listResponse([]) })
    renderWithProviders(<RtbManagementPage />)
    expect(screen.getByRole('heading', { level: 1, name: 'RTB Management' })).toBeInTheDocument()
    expect(screen.getByText(/Every call to an active RTB campaign is auctioned/)).toBeInTheDocument()
    for (const tab of ['Targets', 'Auctions', 'Analytics']) expect(screen.getByRole('tab', { name: tab })).toBeInTheDocument()
    expect(await screen.findByText('No RTB targets yet')).toBeInTheDocument()
  })
})
