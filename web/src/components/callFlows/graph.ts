/**
 * Pure operations on the editor's graph: the conversion between the server's graph and
 * React Flow's nodes and edges, connecting outputs (one edge per output), pruning edges of
 * outputs that no longer exist, copy/paste and the automatic layout.
 */
import type { Edge, Node } from '@xyflow/react'
import {
  edgeId,
  hasTarget,
  nextNodeId,
  outputsOf,
  type FlowGraph,
  type GraphEdge,
  type GraphNode,
  type NodeKind,
  type NodeType,
  type Position,
} from './model'

/** React Flow's node: its `type` is the flow node's type, `data.config` the node's data. */
export type FlowNode = Node<{ config: NodeKind['data'] }, NodeType>
export type FlowEdge = Edge

/** The node as the model sees it. */
export function kindOf(node: FlowNode): NodeKind {
  return { type: node.type, data: node.data.config } as NodeKind
}

export function toFlowNode(node: GraphNode, index = 0): FlowNode {
  return {
    id: node.id,
    type: node.type,
    position: node.position ?? { x: 0, y: index * 120 },
    data: { config: node.data },
    // The Start node stays: a flow has exactly one.
    deletable: node.type !== 'start',
  }
}

export function toFlowEdge(edge: GraphEdge): FlowEdge {
  return { id: edge.id, source: edge.source, sourceHandle: edge.sourceHandle, target: edge.target }
}

/** The server's graph as React Flow nodes and edges. */
export function graphToFlow(graph: FlowGraph): { nodes: FlowNode[]; edges: FlowEdge[] } {
  return { nodes: graph.nodes.map(toFlowNode), edges: graph.edges.map(toFlowEdge) }
}

/** React Flow's nodes and edges as the server's graph (selection, size and styles left out). */
export function flowToGraph(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): FlowGraph {
  return {
    nodes: nodes.map(
      (n) =>
        ({
          id: n.id,
          type: n.type,
          data: n.data.config,
          position: { x: n.position.x, y: n.position.y },
        }) as GraphNode,
    ),
    edges: edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? '', target: e.target })),
  }
}

/**
 * Connects `source`'s output `handle` to `target`. An output has one edge: connecting it
 * again replaces the edge it had. Unknown outputs, self-loops and edges into the Start are
 * refused (the edges come back unchanged).
 */
export function connect(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  connection: { source: string | null; sourceHandle?: string | null; target: string | null },
): FlowEdge[] {
  const { source, target } = connection
  const handle = connection.sourceHandle ?? ''
  const from = nodes.find((n) => n.id === source)
  const to = nodes.find((n) => n.id === target)
  if (!from || !to || !source || !target || source === target) return [...edges]
  if (!hasTarget(to.type) || !outputsOf(kindOf(from)).includes(handle)) return [...edges]
  const kept = edges.filter((e) => !(e.source === source && (e.sourceHandle ?? '') === handle))
  return [...kept, { id: edgeId(source, handle), source, sourceHandle: handle, target }]
}

/** Whether a connection may be made (React Flow's `isValidConnection`). */
export function canConnect(nodes: readonly FlowNode[], connection: { source: string | null; sourceHandle?: string | null; target: string | null }) {
  const to = nodes.find((n) => n.id === connection.target)
  const from = nodes.find((n) => n.id === connection.source)
  return !!from && !!to && from.id !== to.id && hasTarget(to.type) && outputsOf(kindOf(from)).includes(connection.sourceHandle ?? '')
}

/** The edges whose ends and outputs still exist (after a node was removed or its outputs changed). */
export function pruneEdges(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): FlowEdge[] {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  return edges.filter((e) => {
    const from = byId.get(e.source)
    const to = byId.get(e.target)
    return !!from && !!to && outputsOf(kindOf(from)).includes(e.sourceHandle ?? '')
  })
}

/** Copies of `copied` (Start nodes left out) with fresh ids, shifted by `offset`, with the edges among them. */
export function pasteNodes(
  existing: readonly FlowNode[],
  copied: readonly FlowNode[],
  copiedEdges: readonly FlowEdge[],
  offset: Position = { x: 40, y: 40 },
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const taken = new Set(existing.map((n) => n.id))
  const ids = new Map<string, string>()
  for (const n of copied) {
    if (n.type === 'start') continue
    const id = nextNodeId(n.type, taken)
    taken.add(id)
    ids.set(n.id, id)
  }
  const nodes: FlowNode[] = copied
    .filter((n) => ids.has(n.id))
    .map((n) => {
      let config = structuredClone(n.data.config)
      // A copied Go to that pointed inside the copy points at the copy of its target.
      if (n.type === 'goTo' && config && 'target' in config && ids.has(config.target)) config = { ...config, target: ids.get(config.target)! }
      return {
        id: ids.get(n.id)!,
        type: n.type,
        position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
        data: { config },
        deletable: true,
        selected: true,
      }
    })
  const edges: FlowEdge[] = copiedEdges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => {
      const source = ids.get(e.source)!
      const handle = e.sourceHandle ?? ''
      return { id: edgeId(source, handle), source, sourceHandle: handle, target: ids.get(e.target)! }
    })
  return { nodes, edges }
}

export const LAYOUT = { columnWidth: 300, rowGap: 40, baseHeight: 84, outputHeight: 24 }

/** The drawn height of a node with `outputs` outputs (near enough for the layout). */
export function estimatedHeight(outputs: number): number {
  return LAYOUT.baseHeight + outputs * LAYOUT.outputHeight
}

/**
 * A layered layout, left to right: each node in the column of its depth (the fewest steps
 * from the Start, following edges and Go to targets), stacked in the order they are reached.
 * Nodes the Start does not reach go in a column after the last.
 */
export function autoLayout(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): FlowNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const next = new Map<string, string[]>()
  const add = (from: string, to: string) => next.set(from, [...(next.get(from) ?? []), to])
  // Outputs in the node's own order, so the columns read like the node's handles.
  for (const n of nodes) {
    const outputs = outputsOf(kindOf(n))
    const out = edges.filter((e) => e.source === n.id).sort((a, b) => outputs.indexOf(a.sourceHandle ?? '') - outputs.indexOf(b.sourceHandle ?? ''))
    for (const e of out) if (byId.has(e.target)) add(n.id, e.target)
    if (n.type === 'goTo') {
      const target = (n.data.config as { target?: string } | undefined)?.target
      if (target && byId.has(target)) add(n.id, target)
    }
  }
  const depth = new Map<string, number>()
  const order: string[] = []
  const starts = nodes.filter((n) => n.type === 'start')
  for (const s of starts) {
    if (depth.has(s.id)) continue
    depth.set(s.id, 0)
    order.push(s.id)
    for (let i = order.length - 1; i < order.length; i++) {
      const id = order[i]!
      for (const t of next.get(id) ?? []) {
        if (!depth.has(t)) {
          depth.set(t, depth.get(id)! + 1)
          order.push(t)
        }
      }
    }
  }
  const lastColumn = Math.max(-1, ...depth.values()) + 1
  for (const n of nodes) {
    if (!depth.has(n.id)) {
      depth.set(n.id, lastColumn)
      order.push(n.id)
    }
  }
  const columns = new Map<number, string[]>()
  for (const id of order) {
    const d = depth.get(id)!
    columns.set(d, [...(columns.get(d) ?? []), id])
  }
  const positions = new Map<string, Position>()
  for (const [d, ids] of columns) {
    const heights = ids.map((id) => estimatedHeight(outputsOf(kindOf(byId.get(id)!)).length))
    const total = heights.reduce((a, b) => a + b, 0) + LAYOUT.rowGap * (ids.length - 1)
    let y = -total / 2
    ids.forEach((id, i) => {
      positions.set(id, { x: d * LAYOUT.columnWidth, y: Math.round(y / 20) * 20 || 0 })
      y += heights[i]! + LAYOUT.rowGap
    })
  }
  return nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position }))
}

export const NODE_WIDTH = 224

/**
 * The first place at or near `desired` where a node of `outputs` outputs overlaps no other
 * node: below it, then in the columns to its right.
 */
export function freePosition(nodes: readonly FlowNode[], desired: Position, outputs = 1): Position {
  const height = estimatedHeight(outputs)
  const boxes = nodes.map((n) => ({
    x: n.position.x,
    y: n.position.y,
    w: n.measured?.width ?? NODE_WIDTH,
    h: n.measured?.height ?? estimatedHeight(outputsOf(kindOf(n)).length),
  }))
  const free = (p: Position) => boxes.every((b) => p.x + NODE_WIDTH + 20 <= b.x || b.x + b.w + 20 <= p.x || p.y + height + 20 <= b.y || b.y + b.h + 20 <= p.y)
  for (let column = 0; column < 6; column++) {
    for (let row = 0; row < 12; row++) {
      const p = { x: desired.x + column * LAYOUT.columnWidth, y: desired.y + row * 60 }
      if (free(p)) return p
    }
  }
  return desired
}

/** The handle a Go to node's drawn-only line starts from. */
export const GOTO_HANDLE = '__goto'

/**
 * Lines from each Go to node to its target: drawn (dashed) but not part of the graph, since
 * the target is the node's property, not an edge.
 */
export function goToEdges(nodes: readonly FlowNode[]): FlowEdge[] {
  const ids = new Set(nodes.map((n) => n.id))
  return nodes.flatMap((n) => {
    const target = n.type === 'goTo' ? (n.data.config as { target?: string } | undefined)?.target : undefined
    if (!target || target === n.id || !ids.has(target)) return []
    return [
      {
        id: `goto_${n.id}`,
        source: n.id,
        sourceHandle: GOTO_HANDLE,
        target,
        deletable: false,
        selectable: false,
        style: { strokeDasharray: '6 4' },
      },
    ]
  })
}
