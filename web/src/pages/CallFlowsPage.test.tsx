import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { CallFlowSummary } from '@/api/callFlows'
import { AppRoutes } from '@/App'
import { signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

const session = { 'GET /api/auth/user': () => jsonResponse(signedInUser) }

function flowSummary(overrides: Partial<CallFlowSummary> = {}): CallFlowSummary {
  return {
    id: 4,
    name: 'Medicare intake',
    description: 'Main IVR',
    status: 'published',
    publishedVersion: 3,
    versions: 3,
    nodeCount: 7,
    campaigns: [],
    numbers: 0,
    callsLast7Days: 0,
    updatedAt: '2026-01-05T10:00:00Z',
    ...overrides,
  }
}

describe('call flows list', () => {
  it('replaces "Coming soon" with the list, and says when there are no flows', async () => {
    mockFetch({ ...session, 'GET /api/call-flows': () => listResponse([]) })
    renderWithProviders(<AppRoutes />, { path: '/call-flows' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Call Flows' })).toBeInTheDocument()
    expect(await screen.findByText('No call flows yet')).toBeInTheDocument()
    expect(screen.queryByText('Coming soon')).not.toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Call Flows' })).toHaveAttribute('href', '/call-flows')
  })

  it('lists flows with status, published version, node count, and searches', async () => {
    const fetchMock = mockFetch({
      ...session,
      'GET /api/call-flows': () =>
        listResponse(
          [
            flowSummary({ campaigns: [{ id: 'c-1', name: 'Medicare IVR' }], numbers: 2, callsLast7Days: 1234 }),
            flowSummary({ id: 5, name: 'After hours', status: 'draft', publishedVersion: null, nodeCount: 1, description: null }),
          ],
          2,
        ),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/call-flows' })
    const table = await screen.findByRole('table', { name: 'Call flows' })
    const medicare = (await within(table).findByRole('link', { name: 'Medicare intake' })).closest('tr')!
    expect(within(medicare).getByRole('link', { name: 'Medicare intake' })).toHaveAttribute('href', '/call-flows/4')
    expect(within(medicare).getByText('Published')).toBeInTheDocument()
    expect(within(medicare).getByText('v3')).toBeInTheDocument()
    expect(within(medicare).getByText('7')).toBeInTheDocument()
    expect(within(medicare).getByRole('link', { name: 'Medicare IVR' })).toHaveAttribute('href', '/campaigns/c-1')
    expect(within(medicare).getByText('2 tracking numbers')).toBeInTheDocument()
    expect(within(medicare).getByText('1,234')).toBeInTheDocument()
    const after = within(table).getByRole('link', { name: 'After hours' }).closest('tr')!
    expect(within(after).getByText('Draft')).toBeInTheDocument()
    expect(within(after).getByText('Not used')).toBeInTheDocument()
    expect(within(after).getByText('—')).toBeInTheDocument()

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'medi')
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/call-flows?') && String(url).includes('search=medi'))).toBe(true),
    )
    // Newest changes first by default.
    expect(String(fetchMock.mock.calls.find(([url]) => String(url).startsWith('/api/call-flows?'))![0])).toContain('sort=updatedAt&order=desc')
  })

  it('creates a flow and opens it in the editor', async () => {
    const fetchMock = mockFetch({
      ...session,
      'GET /api/call-flows': () => listResponse([]),
      'POST /api/call-flows': () => jsonResponse({ id: 9 }, 201),
      'GET /api/call-flows/9': () =>
        jsonResponse({
          ...flowSummary({ id: 9, name: 'Spanish line', status: 'draft', publishedVersion: null, versions: 0, nodeCount: 1 }),
          createdAt: '2026-01-05T10:00:00Z',
          graph: { nodes: [{ id: 'start', type: 'start', position: { x: 0, y: 0 } }], edges: [] },
          problems: [{ nodeId: 'start', field: null, message: 'output "next" is not connected' }],
        }),
    })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<AppRoutes />, { path: '/call-flows' })
    await screen.findByText('No call flows yet')
    await user.click(screen.getAllByRole('button', { name: 'New call flow' })[0]!)
    const dialog = await screen.findByRole('dialog', { name: 'New call flow' })
    await user.click(within(dialog).getByRole('button', { name: 'Create call flow' }))
    expect(await within(dialog).findByText('Enter a name')).toBeInTheDocument()
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Spanish line')
    await user.type(within(dialog).getByRole('textbox', { name: 'Description' }), 'Línea en español')
    await user.click(within(dialog).getByRole('button', { name: 'Create call flow' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/call-flows/9'))
    expect(bodyOf(fetchMock, 'POST /api/call-flows')).toEqual({ name: 'Spanish line', description: 'Línea en español' })
    // The editor opens with the flow's name and its problems.
    expect(await screen.findByRole('heading', { level: 1, name: 'Spanish line' })).toBeInTheDocument()
    await user.click(screen.getByRole('tab', { name: /Problems/ }))
    expect(await screen.findByText('output "next" is not connected')).toBeInTheDocument()
    expect(screen.getByTestId('flow-node-start')).toHaveAttribute('data-problems', '1')
  })

  it('shows a name conflict in the dialog', async () => {
    mockFetch({
      ...session,
      'GET /api/call-flows': () => listResponse([]),
      'POST /api/call-flows': () => errorResponse(409, 'CONFLICT', 'Conflict', { field: 'name', reason: 'the account has a call flow with this name' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/call-flows' })
    await screen.findByText('No call flows yet')
    await user.click(screen.getAllByRole('button', { name: 'New call flow' })[0]!)
    const dialog = await screen.findByRole('dialog', { name: 'New call flow' })
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Medicare intake')
    await user.click(within(dialog).getByRole('button', { name: 'Create call flow' }))
    expect(await within(dialog).findByText('the account has a call flow with this name')).toBeInTheDocument()
  })

  it('deletes a flow after confirmation', async () => {
    let flows = [flowSummary()]
    const fetchMock = mockFetch({
      ...session,
      'GET /api/call-flows': () => listResponse(flows),
      'DELETE /api/call-flows/4': () => {
        flows = []
        return jsonResponse({ id: 4, deleted: true })
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/call-flows' })
    await user.click(await screen.findByRole('button', { name: 'Delete Medicare intake' }))
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete call flow?' })
    await user.click(within(dialog).getByRole('button', { name: 'Delete call flow' }))
    expect(await screen.findByText('No call flows yet')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual(['DELETE /api/call-flows/4'])
  })
})
