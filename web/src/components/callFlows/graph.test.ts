import { describe, expect, it } from 'vitest'
import { autoLayout, connect, flowToGraph, freePosition, goToEdges, graphToFlow, pasteNodes, pruneEdges, type FlowNode } from './graph'
import { makeNode, type FlowGraph } from './model'

const graph: FlowGraph = {
  nodes: [
    makeNode('start', 'start', { x: 0, y: 0 }),
    { id: 'menu_1', type: 'menu', data: { prompt: { kind: 'say', text: 'Press 1' }, keys: ['1', '2'], timeoutSecs: 5, retries: 2 }, position: { x: 300, y: 0 } },
    makeNode('routeToBuyers', 'buyers', { x: 600, y: 0 }),
    makeNode('hangup', 'bye', { x: 600, y: 200 }),
  ],
  edges: [
    { id: 'e_start_next', source: 'start', sourceHandle: 'next', target: 'menu_1' },
    { id: 'e_menu_1_1', source: 'menu_1', sourceHandle: '1', target: 'buyers' },
  ],
}

describe('graph <-> React Flow', () => {
  it('round-trips the server graph; the Start cannot be deleted', () => {
    const { nodes, edges } = graphToFlow(graph)
    expect(nodes[0]).toMatchObject({ id: 'start', type: 'start', deletable: false })
    expect(nodes[1]).toMatchObject({ id: 'menu_1', type: 'menu', deletable: true, data: { config: graph.nodes[1]!.data } })
    // Selection and measurements do not reach the server.
    const drawn = nodes.map((n) => ({ ...n, selected: true, measured: { width: 224, height: 100 } }))
    expect(flowToGraph(drawn, edges)).toEqual(graph)
  })
})

describe('connect', () => {
  const { nodes, edges } = graphToFlow(graph)

  it('adds one edge per output, named after it', () => {
    const out = connect(nodes, edges, { source: 'menu_1', sourceHandle: '2', target: 'bye' })
    expect(out.at(-1)).toEqual({ id: 'e_menu_1_2', source: 'menu_1', sourceHandle: '2', target: 'bye' })
  })

  it('replaces the edge of an output connected again', () => {
    const out = connect(nodes, edges, { source: 'menu_1', sourceHandle: '1', target: 'bye' })
    expect(out.filter((e) => e.source === 'menu_1')).toEqual([{ id: 'e_menu_1_1', source: 'menu_1', sourceHandle: '1', target: 'bye' }])
    expect(out).toHaveLength(2)
  })

  it('refuses unknown outputs, self-loops and edges into the Start', () => {
    expect(connect(nodes, edges, { source: 'menu_1', sourceHandle: '7', target: 'bye' })).toEqual(edges)
    expect(connect(nodes, edges, { source: 'menu_1', sourceHandle: '2', target: 'menu_1' })).toEqual(edges)
    expect(connect(nodes, edges, { source: 'menu_1', sourceHandle: '2', target: 'start' })).toEqual(edges)
  })

  it('drops edges of outputs that went away', () => {
    const fewer = nodes.map((n) => (n.id === 'menu_1' ? ({ ...n, data: { config: { ...(n.data.config as object), keys: ['2'] } } } as FlowNode) : n))
    expect(pruneEdges(fewer, edges).map((e) => e.id)).toEqual(['e_start_next'])
    expect(pruneEdges(nodes.filter((n) => n.id !== 'buyers'), edges).map((e) => e.id)).toEqual(['e_start_next'])
  })
})

describe('pasteNodes', () => {
  it('copies nodes with fresh ids and the edges among them, never the Start', () => {
    const { nodes, edges } = graphToFlow(graph)
    const out = pasteNodes(nodes, nodes.slice(0, 3), edges, { x: 40, y: 40 })
    expect(out.nodes.map((n) => n.id)).toEqual(['menu_2', 'routeToBuyers_1'])
    expect(out.nodes[0]!.position).toEqual({ x: 340, y: 40 })
    expect(out.edges).toEqual([{ id: 'e_menu_2_1', source: 'menu_2', sourceHandle: '1', target: 'routeToBuyers_1' }])
  })
})

describe('autoLayout', () => {
  it('puts each node in the column of its depth from the Start, unreachable ones last', () => {
    const { nodes, edges } = graphToFlow(graph)
    const laid = autoLayout(nodes, edges)
    const x = Object.fromEntries(laid.map((n) => [n.id, n.position.x]))
    expect(x).toEqual({ start: 0, menu_1: 300, buyers: 600, bye: 900 })
    // Each column is centred on y = 0, on the grid.
    for (const n of laid) expect(Math.abs(n.position.y % 20)).toBe(0)
    expect(laid.find((n) => n.id === 'start')!.position.y).toBeLessThanOrEqual(0)
  })

  it('stacks siblings without overlap', () => {
    const g: FlowGraph = {
      nodes: [makeNode('start', 's'), makeNode('businessHours', 'bh'), makeNode('hangup', 'a'), makeNode('hangup', 'b'), makeNode('hangup', 'c')],
      edges: [
        { id: '1', source: 's', sourceHandle: 'next', target: 'bh' },
        { id: '2', source: 'bh', sourceHandle: 'open', target: 'a' },
        { id: '3', source: 'bh', sourceHandle: 'closed', target: 'b' },
        { id: '4', source: 'bh', sourceHandle: 'holiday', target: 'c' },
      ],
    }
    const { nodes, edges } = graphToFlow(g)
    const laid = autoLayout(nodes, edges)
    const ys = ['a', 'b', 'c'].map((id) => laid.find((n) => n.id === id)!.position)
    expect(ys.every((p) => p.x === 600)).toBe(true)
    expect(ys[0]!.y).toBeLessThan(ys[1]!.y)
    expect(ys[1]!.y - ys[0]!.y).toBeGreaterThanOrEqual(84)
  })
})

describe('freePosition', () => {
  it('keeps a new node off the others', () => {
    const { nodes } = graphToFlow(graph)
    // Free already: kept.
    expect(freePosition(nodes, { x: 0, y: 400 })).toEqual({ x: 0, y: 400 })
    // On the Start: moved below it.
    const p = freePosition(nodes, { x: 0, y: 0 })
    expect(p.x).toBe(0)
    expect(p.y).toBeGreaterThanOrEqual(108 + 20)
  })
})

describe('goToEdges', () => {
  it('draws a line from each Go to to its target, only when the target exists', () => {
    const { nodes } = graphToFlow({
      nodes: [...graph.nodes, { id: 'again', type: 'goTo', data: { target: 'menu_1' } }, { id: 'lost', type: 'goTo', data: { target: 'nope' } }],
      edges: [],
    })
    expect(goToEdges(nodes)).toEqual([expect.objectContaining({ id: 'goto_again', source: 'again', target: 'menu_1', deletable: false })])
  })
})
