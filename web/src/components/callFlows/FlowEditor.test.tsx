import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { CallFlow } from '@/api/callFlows'
import { AppRoutes } from '@/App'
import { signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, cellTexts, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'

const session = { 'GET /api/auth/user': () => jsonResponse(signedInUser) }

function flow(overrides: Partial<CallFlow> = {}): CallFlow {
  return {
    id: 4,
    name: 'Medicare intake',
    description: null,
    status: 'draft',
    publishedVersion: null,
    versions: 0,
    nodeCount: 2,
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-01-05T10:00:00Z',
    graph: {
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 } },
        { id: 'play_1', type: 'play', data: { prompt: { kind: 'say', text: 'Welcome' }, loops: 1 }, position: { x: 300, y: 0 } },
      ],
      edges: [{ id: 'e_start_next', source: 'start', sourceHandle: 'next', target: 'play_1' }],
    },
    problems: [{ nodeId: 'play_1', field: null, message: 'output "next" is not connected' }],
    campaigns: [],
    numbers: [],
    ...overrides,
  }
}

describe('call flow editor', () => {
  it('adds a node from the palette and autosaves the draft in the server shape', async () => {
    const fetchMock = mockFetch({
      ...session,
      'GET /api/call-flows/4': () => jsonResponse(flow()),
      'PUT /api/call-flows/4': () => jsonResponse(flow({ problems: [] })),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/call-flows/4' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Medicare intake' })).toBeInTheDocument()
    expect(await screen.findByTestId('flow-node-play_1')).toHaveAttribute('data-problems', '1')
    expect(screen.getByText('Saved')).toBeInTheDocument()

    // Below 1280 px the palette opens over the canvas (closed for a flow that has nodes).
    await user.click(screen.getByRole('button', { name: 'Add node' }))
    await user.click(screen.getByRole('button', { name: 'Add Hang up' }))
    expect(await screen.findByTestId('flow-node-hangup_1')).toBeInTheDocument()
    // The new node is selected: its properties show.
    expect(screen.getByRole('region', { name: 'Properties of hangup_1' })).toHaveTextContent('This node has no properties.')
    expect(screen.getByText('Unsaved changes')).toBeInTheDocument()

    await waitFor(() => expect(calledRoutes(fetchMock)).toEqual(['PUT /api/call-flows/4']), { timeout: 4000 })
    const body = bodyOf(fetchMock, 'PUT /api/call-flows/4') as { name: string; graph: { nodes: unknown[]; edges: unknown[] } }
    expect(body.name).toBe('Medicare intake')
    expect(body.graph.nodes).toEqual([
      { id: 'start', type: 'start', position: { x: 0, y: 0 } },
      { id: 'play_1', type: 'play', data: { prompt: { kind: 'say', text: 'Welcome' }, loops: 1 }, position: { x: 300, y: 0 } },
      expect.objectContaining({ id: 'hangup_1', type: 'hangup' }),
    ])
    expect(body.graph.edges).toEqual([{ id: 'e_start_next', source: 'start', sourceHandle: 'next', target: 'play_1' }])
    expect(await screen.findByText('Saved')).toBeInTheDocument()
    // The answer's problems replace the old ones.
    expect(screen.getByTestId('flow-node-play_1')).not.toHaveAttribute('data-problems')

    // Undo removes the node again.
    await user.click(screen.getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(screen.queryByTestId('flow-node-hangup_1')).not.toBeInTheDocument())
  })

  it('edits a node’s properties through its form', async () => {
    const fetchMock = mockFetch({
      ...session,
      'GET /api/call-flows/4': () => jsonResponse(flow()),
      'PUT /api/call-flows/4': () => jsonResponse(flow()),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/call-flows/4' })
    // Selected from the problems list (clicking the node itself needs a real browser's drag events).
    await user.click(await screen.findByRole('tab', { name: /Problems/ }))
    await user.click(await screen.findByRole('button', { name: 'play_1' }))
    const panel = await screen.findByRole('region', { name: 'Properties of play_1' })
    const loops = within(panel).getByRole('spinbutton', { name: 'Times to play' })
    await user.clear(loops)
    await user.type(loops, '12')
    expect(await within(panel).findByText('At most 10')).toBeInTheDocument()
    await user.clear(loops)
    await user.type(loops, '3')
    await waitFor(() => expect(calledRoutes(fetchMock)).toContain('PUT /api/call-flows/4'), { timeout: 4000 })
    const body = bodyOf(fetchMock, 'PUT /api/call-flows/4', fetchMock.mock.calls.filter(([, i]) => (i as RequestInit | undefined)?.method === 'PUT').length - 1) as {
      graph: { nodes: { id: string; data?: unknown }[] }
    }
    expect(body.graph.nodes.find((n) => n.id === 'play_1')!.data).toEqual({ prompt: { kind: 'say', text: 'Welcome' }, loops: 3 })
  })

  it('lists the problems of a refused publish', async () => {
    mockFetch({
      ...session,
      'GET /api/call-flows/4': () => jsonResponse(flow()),
      'POST /api/call-flows/4/publish': () =>
        errorResponse(422, 'VALIDATION_ERROR', 'The flow has 2 problems', {
          field: 'graph',
          problems: [
            { nodeId: 'play_1', field: null, message: 'output "next" is not connected' },
            { nodeId: null, field: null, message: 'the flow needs a Start node' },
          ],
        }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/call-flows/4' })
    await user.click(await screen.findByRole('button', { name: 'Publish' }))
    const dialog = await screen.findByRole('dialog', { name: 'Publish call flow' })
    await user.type(within(dialog).getByRole('textbox', { name: 'Note' }), 'First version')
    await user.click(within(dialog).getByRole('button', { name: 'Publish' }))
    expect(await within(dialog).findByText('the flow needs a Start node')).toBeInTheDocument()
  })

  it('says plainly when the server has no simulator', async () => {
    const fetchMock = mockFetch({
      ...session,
      'GET /api/call-flows/4': () => jsonResponse(flow()),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/call-flows/4' })
    await user.click(await screen.findByRole('tab', { name: 'Simulate' }))
    await user.click(screen.getByRole('button', { name: 'Run' }))
    expect(await screen.findByText('The simulator is not available on this server (HTTP 404).')).toBeInTheDocument()
    const body = bodyOf(fetchMock, 'POST /api/call-flows/4/simulate') as Record<string, unknown>
    expect(body).toMatchObject({ caller: { number: '+12125550100', state: 'NY', city: 'New York', zip: '10001' }, inputs: [{ digits: '1' }] })
    expect(body).not.toHaveProperty('at')
    expect((body.graph as { nodes: unknown[] }).nodes).toHaveLength(2)
  })

  it('shows a simulation as a timeline and marks the visited nodes', async () => {
    mockFetch({
      ...session,
      'GET /api/call-flows/4': () => jsonResponse(flow()),
      'POST /api/call-flows/4/simulate': () =>
        jsonResponse({
          steps: [
            { nodeId: 'start', nodeType: 'start', output: 'next', edgeId: 'e_start_next', input: null, twiml: null, variables: {}, note: null },
            { nodeId: 'play_1', nodeType: 'play', output: null, edgeId: null, input: null, twiml: '<Response><Say>Welcome</Say></Response>', variables: { zip: '10001' }, note: 'said' },
          ],
          end: { kind: 'error', nodeId: 'play_1', message: 'output "next" is not connected' },
          variables: { zip: '10001' },
        }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/call-flows/4' })
    await user.click(await screen.findByRole('tab', { name: 'Simulate' }))
    await user.click(screen.getByRole('button', { name: 'Run' }))
    const result = await screen.findByRole('region', { name: 'Simulation result' })
    expect(within(result).getByText('<Response><Say>Welcome</Say></Response>')).toBeInTheDocument()
    expect(within(result).getAllByRole('listitem')).toHaveLength(2)
    expect(screen.getByTestId('flow-node-start')).toHaveAttribute('data-visited', 'true')
    expect(screen.getByTestId('flow-node-play_1')).toHaveAttribute('data-visited', 'true')
  })

  it('lists the campaigns that run the flow, or says how to get one to', async () => {
    mockFetch({ ...session, 'GET /api/call-flows/4': () => jsonResponse(flow({ campaigns: [{ id: 'c-1', name: 'Spring Promo' }, { id: 'c-2', name: 'Medicare Direct' }] })) })
    const first = renderWithProviders(<AppRoutes />, { path: '/call-flows/4' })
    expect(await screen.findByRole('link', { name: 'Spring Promo' })).toHaveAttribute('href', '/campaigns/c-1')
    expect(screen.getByRole('link', { name: 'Medicare Direct' })).toHaveAttribute('href', '/campaigns/c-2')
    expect(screen.getByText('Used by')).toBeInTheDocument()
    first.unmount()

    mockFetch({ ...session, 'GET /api/call-flows/4': () => jsonResponse(flow()) })
    renderWithProviders(<AppRoutes />, { path: '/call-flows/4' })
    expect(await screen.findByText(/No campaign or number runs this flow yet: choose it on a campaign's page or for a number on the/)).toBeInTheDocument()
  })

  it('shows analytics over a range, with counts on the canvas while the tab is open', async () => {
    const analytics = {
      calls: 40,
      conversions: 10,
      revenue: '450.00',
      nodes: [
        { nodeId: 'start', nodeType: 'start', entries: 40, exits: { next: 40 }, hangups: 0, meanMs: 20, p95Ms: 40 },
        { nodeId: 'play_1', nodeType: 'play', entries: 40, exits: {}, hangups: 3, meanMs: 4200, p95Ms: 9800 },
      ],
      edges: [{ edgeId: 'e_start_next', calls: 40 }],
      paths: [{ nodes: ['start', 'play_1'], calls: 37, conversions: 10, revenue: '450.00' }],
      splitTests: [
        {
          nodeId: 'split_1',
          testName: 'Greeting test',
          branches: [
            { name: 'a', calls: 20, conversions: 3, conversionRate: 0.15, revenue: '135.00', pValue: null, significant: false },
            { name: 'b', calls: 20, conversions: 7, conversionRate: 0.35, revenue: '315.00', pValue: 0.0312, significant: true },
          ],
        },
      ],
    }
    const fetchMock = mockFetch({
      ...session,
      'GET /api/call-flows/4': () => jsonResponse(flow()),
      'GET /api/call-flows/4/analytics': (_init, url) => jsonResponse(url.searchParams.get('to') ? { calls: 0, conversions: 0, revenue: '0.00', nodes: [], edges: [], paths: [], splitTests: [] } : analytics),
    })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { path: '/call-flows/4' })
    await screen.findByTestId('flow-node-play_1')
    // Nothing is asked for before the tab opens, and no counts show.
    expect(calledRoutes(fetchMock, { withGets: true })).not.toContain('GET /api/call-flows/4/analytics')
    expect(screen.getByTestId('flow-node-play_1')).not.toHaveAttribute('data-entries')

    await user.click(screen.getByRole('tab', { name: 'Analytics' }))
    const panel = await screen.findByRole('region', { name: 'Analytics' })
    expect(await within(panel).findByText('$450.00', { selector: 'dd' })).toBeInTheDocument()
    expect(within(panel).getByLabelText('Totals')).toHaveTextContent('Calls40')
    expect(within(panel).getByLabelText('Totals')).toHaveTextContent('Conversions1025.0%')

    // Last 7 days by default: an instant 7 days back, and no end (now).
    const url = fetchMock.mock.calls.map(([input]) => new URL(String(input), 'http://localhost')).find((u) => u.pathname === '/api/call-flows/4/analytics')!
    const from = new Date(url.searchParams.get('from')!)
    expect(Math.round((Date.now() - from.getTime()) / 86400_000)).toBe(7)
    expect(url.searchParams.has('to')).toBe(false)

    // The canvas: entries and hang-ups on the nodes.
    expect(screen.getByTestId('flow-node-play_1')).toHaveAttribute('data-entries', '40')
    expect(screen.getByTestId('flow-node-play_1')).toHaveAttribute('data-hangups', '3')
    expect(within(screen.getByTestId('flow-node-play_1')).getByText('3 hung up')).toBeInTheDocument()
    expect(within(screen.getByTestId('flow-node-start')).getByText('40 calls')).toBeInTheDocument()

    // Nodes: entries, exits by output, hang-ups, mean and p95 in seconds.
    const nodes = within(panel).getByRole('table', { name: 'Nodes' })
    const rows = within(nodes).getAllByRole('row').slice(1)
    expect(cellTexts(rows[0]!)).toEqual(['startStart', '40', 'next: 40', '0', '0.0 s', '0.0 s'])
    expect(cellTexts(rows[1]!)).toEqual(['play_1Play message', '40', '–', '3', '4.2 s', '9.8 s'])

    const paths = within(panel).getByRole('table', { name: 'Top paths' })
    expect(cellTexts(within(paths).getAllByRole('row')[1]!)).toEqual(['start → play_1', '37', '27.0%', '$450.00'])

    const split = within(panel).getByRole('table', { name: 'Split test Greeting test' })
    const branches = within(split).getAllByRole('row').slice(1)
    expect(cellTexts(branches[0]!)).toEqual(['a', '20', '15.0%', '$135.00', '–'])
    expect(cellTexts(branches[1]!)).toEqual(['b', '20', '35.0%', '$315.00', '0.031significant'])

    // Two dates: sent as days; a range without calls says so.
    await user.click(within(panel).getByRole('button', { name: 'Dates' }))
    const dates = within(panel).getByRole('form', { name: 'Dates of the range' })
    const fromInput = within(dates).getByLabelText('From')
    const toInput = within(dates).getByLabelText('To')
    await user.clear(fromInput)
    await user.type(fromInput, '2026-11-01')
    await user.clear(toInput)
    await user.type(toInput, '2026-11-30')
    await user.click(within(dates).getByRole('button', { name: 'Show' }))
    expect(await within(panel).findByText('No calls ran this flow in this range')).toBeInTheDocument()
    const last = fetchMock.mock.calls.map(([input]) => new URL(String(input), 'http://localhost')).filter((u) => u.pathname === '/api/call-flows/4/analytics').at(-1)!
    expect(Object.fromEntries(last.searchParams)).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    expect(screen.getByTestId('flow-node-play_1')).toHaveAttribute('data-entries', '0')

    // Leaving the tab takes the counts off the canvas.
    await user.click(screen.getByRole('tab', { name: 'Simulate' }))
    await waitFor(() => expect(screen.getByTestId('flow-node-play_1')).not.toHaveAttribute('data-entries'))
  })
})
