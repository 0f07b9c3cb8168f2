import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { bodyOf, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'
import { rtbTarget } from '@/test/rtbFixtures'
import { CampaignRtbTargetsCard } from './CampaignRtbTargetsCard'

afterEach(() => vi.unstubAllGlobals())

const assigned = [
  { rtbTargetId: 7, name: 'Acme Bidder', status: 'active', priority: 2, enabled: true },
  { rtbTargetId: 8, name: 'Beta Bidder', status: 'testing', priority: 5, enabled: true },
]

describe('campaign RTB targets card', () => {
  it('lists the assigned targets and saves edits with PUT', async () => {
    const fetchMock = mockFetch({
      'GET /api/rtb/campaigns/cmp-1/targets': () => jsonResponse(assigned),
      'GET /api/rtb/targets': () => listResponse([rtbTarget(), rtbTarget({ id: 8, name: 'Beta Bidder' })]),
      'PUT /api/rtb/campaigns/cmp-1/targets': () => jsonResponse([{ ...assigned[0], enabled: false }]),
    })
    const user = userEvent.setup()
    renderWithProviders(<CampaignRtbTargetsCard campaignId="cmp-1" />)
    expect(await screen.findByRole('table', { name: 'RTB targets of this campaign' })).toHaveTextContent('Beta Bidder')
    await user.click(screen.getByRole('button', { name: 'Edit RTB targets' }))
    await user.click(screen.getByRole('switch', { name: 'Acme Bidder enabled' }))
    await user.click(screen.getByRole('button', { name: 'Remove Beta Bidder' }))
    await user.click(screen.getByRole('button', { name: 'Save targets' }))
    await vi.waitFor(() => expect(bodyOf(fetchMock, 'PUT /api/rtb/campaigns/cmp-1/targets')).toEqual([{ rtbTargetId: 7, priority: 2, enabled: false }]))
    expect(await screen.findByRole('table', { name: 'RTB targets of this campaign' })).not.toHaveTextContent('Beta Bidder')
  })
})
