import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { CallFlowSummary } from '@/api/callFlows'
import type { Campaign } from '@/api/types'
import { Toaster } from '@/components/ui/sonner'
import { campaign } from '@/test/fixtures'
import { bodyOf, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'
import { CampaignCallFlowCard } from './CampaignCallFlowCard'

function flowSummary(overrides: Partial<CallFlowSummary> = {}): CallFlowSummary {
  return {
    id: 4,
    name: 'Medicare IVR',
    description: null,
    status: 'published',
    publishedVersion: 2,
    versions: 2,
    nodeCount: 5,
    campaigns: [],
    numbers: 0,
    callsLast7Days: 0,
    updatedAt: '2026-01-05T10:00:00Z',
    ...overrides,
  }
}

const flows = [flowSummary(), flowSummary({ id: 5, name: 'Spanish menu', status: 'draft', publishedVersion: null, versions: 0 })]

function renderCard(c: Campaign) {
  return renderWithProviders(
    <>
      <CampaignCallFlowCard campaign={c} />
      <Toaster />
    </>,
  )
}

async function choose(user: ReturnType<typeof userEvent.setup>, option: string) {
  await user.click(screen.getByRole('combobox', { name: 'Run this flow' }))
  await user.click(await screen.findByRole('option', { name: option }))
}

describe('campaign call flow card', () => {
  it('shows the chosen flow with a link, and sets another one', async () => {
    const fetchMock = mockFetch({
      'GET /api/call-flows': (_init, url) => {
        expect(url.searchParams.get('limit')).toBe('100')
        return listResponse(flows)
      },
      'PATCH /api/campaigns/c-1': () => jsonResponse({ id: 'c-1', updated: true, changes: ['callFlowId'] }),
    })
    const user = userEvent.setup()
    renderCard(campaign({ callFlowId: 4 }))
    const chosen = await screen.findByRole('group', { name: 'Chosen call flow' })
    expect(within(chosen).getByRole('link', { name: 'Medicare IVR' })).toHaveAttribute('href', '/call-flows/4')
    expect(chosen).toHaveTextContent('Published: v2')
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled()

    await choose(user, 'Spanish menu (not published)')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Call flow saved')).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'PATCH /api/campaigns/c-1')).toEqual({ callFlowId: 5 })
  })

  it('warns that an unpublished flow does not run, and clears the flow with None', async () => {
    const fetchMock = mockFetch({
      'GET /api/call-flows': () => listResponse(flows),
      'PATCH /api/campaigns/c-1': () => jsonResponse({ id: 'c-1', updated: true, changes: ['callFlowId'] }),
    })
    const user = userEvent.setup()
    renderCard(campaign({ callFlowId: 5 }))
    expect(await screen.findByText(/calls route as if there were no flow until it is published/)).toBeInTheDocument()
    expect(screen.getByRole('group', { name: 'Chosen call flow' })).toHaveTextContent('Not published')

    await choose(user, 'None')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('The campaign no longer runs a call flow')).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'PATCH /api/campaigns/c-1')).toEqual({ callFlowId: null })
  })

  it('says when there is no flow, and shows why a save was refused', async () => {
    mockFetch({
      'GET /api/call-flows': () => listResponse(flows),
      'PATCH /api/campaigns/c-1': () =>
        errorResponse(422, 'VALIDATION_ERROR', 'Invalid campaign', { field: 'callFlowId', reason: 'no such call flow in this account' }),
    })
    const user = userEvent.setup()
    renderCard(campaign({ callFlowId: null }))
    expect(screen.getByText('No call flow: calls are routed as soon as they come in.')).toBeInTheDocument()
    await choose(user, 'Medicare IVR')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The call flow could not be saved: no such call flow in this account')
    expect(screen.getByRole('combobox', { name: 'Run this flow' })).toHaveAttribute('aria-invalid', 'true')
  })

  it('shows a failed load of the flows with a retry', async () => {
    mockFetch({ 'GET /api/call-flows': () => errorResponse(500, 'INTERNAL_ERROR', 'Database unavailable') })
    renderCard(campaign({ callFlowId: null }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The call flows could not be loaded.Database unavailable')
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument()
  })
})
