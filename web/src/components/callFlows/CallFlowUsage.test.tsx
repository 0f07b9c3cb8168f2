import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { CallFlow, CallFlowSummary } from '@/api/callFlows'
import { AppRoutes } from '@/App'
import { signedInUser } from '@/test/fixtures'
import { errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

const session = { 'GET /api/auth/user': () => jsonResponse(signedInUser) }

function flow(overrides: Partial<CallFlow> = {}): CallFlow {
  return {
    id: 4,
    name: 'Medicare intake',
    description: null,
    status: 'published',
    publishedVersion: 1,
    versions: 1,
    nodeCount: 1,
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-01-05T10:00:00Z',
    graph: { nodes: [{ id: 'start', type: 'start', position: { x: 0, y: 0 } }], edges: [] },
    problems: [],
    campaigns: [],
    numbers: [],
    ...overrides,
  }
}

const summary: CallFlowSummary = {
  id: 4,
  name: 'Medicare intake',
  description: null,
  status: 'published',
  publishedVersion: 1,
  versions: 1,
  nodeCount: 1,
  campaigns: [],
  numbers: 0,
  callsLast7Days: 0,
  updatedAt: '2026-01-05T10:00:00Z',
}

const numbers = [
  { id: 11, phoneNumber: '+12125550100' },
  { id: 12, phoneNumber: '+12125550101' },
]

describe('who runs a call flow', () => {
  it('lists the campaigns and the tracking numbers in the editor’s header', async () => {
    mockFetch({ ...session, 'GET /api/call-flows/4': () => jsonResponse(flow({ campaigns: [{ id: 'c-1', name: 'Spring Promo' }], numbers })) })
    renderWithProviders(<AppRoutes />, { path: '/call-flows/4' })
    const campaigns = await screen.findByLabelText('Campaigns running this flow')
    expect(within(campaigns).getByRole('link', { name: 'Spring Promo' })).toHaveAttribute('href', '/campaigns/c-1')
    const running = screen.getByLabelText('Numbers running this flow')
    expect(running).toHaveTextContent('and by numbers')
    expect(within(running).getByRole('link', { name: '+1 212-555-0100' })).toHaveAttribute('href', '/phone-numbers?search=%2B12125550100')
    expect(within(running).getByRole('link', { name: '+1 212-555-0101' })).toBeInTheDocument()
  })

  it('says how to get a flow run when nothing runs it', async () => {
    mockFetch({ ...session, 'GET /api/call-flows/4': () => jsonResponse(flow()) })
    renderWithProviders(<AppRoutes />, { path: '/call-flows/4' })
    const hint = await screen.findByText(/No campaign or number runs this flow yet/)
    expect(within(hint).getByRole('link', { name: 'Phone Numbers' })).toHaveAttribute('href', '/phone-numbers')
  })

  it('explains in the delete dialog that campaigns and numbers run the flow, and shows the server’s refusal', async () => {
    mockFetch({
      ...session,
      'GET /api/call-flows': () => listResponse([summary]),
      'GET /api/call-flows/4': () => jsonResponse(flow({ campaigns: [{ id: 'c-1', name: 'Spring Promo' }], numbers })),
      'DELETE /api/call-flows/4': () =>
        errorResponse(409, 'CONFLICT', 'campaigns run this flow (Spring Promo): choose another flow for them first', { field: 'id' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/call-flows' })
    await user.click(await screen.findByRole('button', { name: 'Delete Medicare intake' }))
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete call flow?' })
    const usage = await within(dialog).findByTestId('flow-usage')
    expect(usage).toHaveTextContent('campaign “Spring Promo”')
    expect(usage).toHaveTextContent('numbers +1 212-555-0100 and +1 212-555-0101')
    await user.click(within(dialog).getByRole('button', { name: 'Delete call flow' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('campaigns run this flow (Spring Promo): choose another flow for them first')
  })
})
