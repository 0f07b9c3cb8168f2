/**
 * A call flow's graph in the server's JSON shape (crates/flows/src/model.rs):
 * `{nodes: [{id, type, data, position}], edges: [{id, source, sourceHandle, target}]}`,
 * with each node type's `data` in camelCase. openapi.json types the graph as a plain
 * object, so the shapes are written out here, field for field.
 */
import type { Schedule } from '@/api/types'

export type Prompt = { kind: 'say'; text: string; voice?: string; language?: string } | { kind: 'audio'; url: string }

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH'
export type InputMode = 'dtmf' | 'speech' | 'dtmfSpeech'

export type OperandKind = 'callerNumber' | 'areaCode' | 'state' | 'city' | 'zip' | 'timeOfDay' | 'variable'
export type Operand = { kind: Exclude<OperandKind, 'variable'> } | { kind: 'variable'; name: string }
export type Operator =
  | 'equals'
  | 'notEquals'
  | 'oneOf'
  | 'notOneOf'
  | 'beginsWith'
  | 'notBeginsWith'
  | 'contains'
  | 'notContains'
  | 'exists'
  | 'notExists'
  | 'greaterThan'
  | 'lessThan'

export interface Condition {
  operand: Operand
  operator: Operator
  values: string[]
}

export interface PlayData {
  prompt: Prompt
  loops: number
}
export interface MenuData {
  prompt: Prompt
  keys: string[]
  timeoutSecs: number
  invalidMessage?: string
  retries: number
}
export interface GatherData {
  prompt: Prompt
  variable: string
  minDigits: number
  maxDigits: number
  validDigits: string
  finishOnKey: string
  timeoutSecs: number
  interDigitTimeoutSecs: number
  retries: number
  input: InputMode
  speechLanguage?: string
}
export interface BusinessHoursData {
  timeZone: string
  schedule: Schedule
}
export interface RouterData {
  routes: { name: string; conditions: Condition[] }[]
  timeZone?: string
}
export interface SplitterData {
  testName: string
  branches: { name: string; weight: number }[]
  sticky: boolean
}
export interface TrackingPixelData {
  url: string
  method: HttpMethod
  headers: Record<string, string>
  maxFires: number
}
export interface CustomLogicData {
  script: string
  outputs: string[]
  sets: string[]
}
export interface LookupData {
  url: string
  method: HttpMethod
  timeoutMs: number
  extract: Record<string, string>
}
export interface DialData {
  number: string
  timeoutSecs: number
  record: boolean
  whisper?: string
  callerId?: string
}
export interface VoicemailData {
  prompt?: Prompt
  maxLengthSecs: number
  beep: boolean
  transcribe: boolean
}
export interface GoToData {
  target: string
}

/** Each node type with the shape of its `data` (`undefined`: the node has none). */
export interface NodeDataByType {
  start: undefined
  play: PlayData
  menu: MenuData
  gather: GatherData
  businessHours: BusinessHoursData
  router: RouterData
  splitter: SplitterData
  trackingPixel: TrackingPixelData
  customLogic: CustomLogicData
  lookup: LookupData
  routeToBuyers: undefined
  rtbAuction: undefined
  dial: DialData
  voicemail: VoicemailData
  hangup: undefined
  goTo: GoToData
}

export type NodeType = keyof NodeDataByType

export const NODE_TYPES: readonly NodeType[] = [
  'start',
  'play',
  'menu',
  'gather',
  'businessHours',
  'router',
  'splitter',
  'trackingPixel',
  'customLogic',
  'lookup',
  'routeToBuyers',
  'rtbAuction',
  'dial',
  'voicemail',
  'hangup',
  'goTo',
]

/** A node's type and data, kept together so that one narrows the other. */
export type NodeKind = { [T in NodeType]: { type: T; data: NodeDataByType[T] } }[NodeType]

export interface Position {
  x: number
  y: number
}

export type GraphNode = NodeKind & { id: string; position?: Position }

export interface GraphEdge {
  id: string
  source: string
  sourceHandle: string
  target: string
}

export interface FlowGraph {
  nodes: GraphNode[]
  edges: GraphEdge[]
}

/** A problem of the draft, as GET/PUT answer them (and publish's 422 `details.problems`). */
export interface FlowProblem {
  nodeId?: string | null
  field?: string | null
  message: string
}

export function isNodeType(value: unknown): value is NodeType {
  return typeof value === 'string' && (NODE_TYPES as readonly string[]).includes(value)
}

const sayPrompt = (text = ''): Prompt => ({ kind: 'say', text })

/** The data a new node of `type` starts with: complete, so that the server reads the draft. */
export function defaultData<T extends NodeType>(type: T): NodeDataByType[T]
export function defaultData(type: NodeType): NodeKind['data'] {
  switch (type) {
    case 'start':
    case 'routeToBuyers':
    case 'rtbAuction':
    case 'hangup':
      return undefined
    case 'play':
      return { prompt: sayPrompt(), loops: 1 }
    case 'menu':
      return { prompt: sayPrompt(), keys: ['1', '2'], timeoutSecs: 5, retries: 2 }
    case 'gather':
      return {
        prompt: sayPrompt(),
        variable: 'digits',
        minDigits: 1,
        maxDigits: 20,
        validDigits: '',
        finishOnKey: '#',
        timeoutSecs: 5,
        interDigitTimeoutSecs: 5,
        retries: 2,
        input: 'dtmf',
      }
    case 'businessHours':
      return {
        timeZone: 'America/New_York',
        schedule: {
          enabled: true,
          hours: {
            mon: [{ start: '09:00', end: '17:00' }],
            tue: [{ start: '09:00', end: '17:00' }],
            wed: [{ start: '09:00', end: '17:00' }],
            thu: [{ start: '09:00', end: '17:00' }],
            fri: [{ start: '09:00', end: '17:00' }],
            sat: [],
            sun: [],
          },
          holidays: [],
          breaks: [],
        },
      }
    case 'router':
      return { routes: [{ name: 'route1', conditions: [{ operand: { kind: 'state' }, operator: 'equals', values: [''] }] }] }
    case 'splitter':
      return {
        testName: '',
        branches: [
          { name: 'a', weight: 50 },
          { name: 'b', weight: 50 },
        ],
        sticky: false,
      }
    case 'trackingPixel':
      return { url: '', method: 'GET', headers: {}, maxFires: 1 }
    case 'customLogic':
      return { script: "return 'yes'", outputs: ['yes'], sets: [] }
    case 'lookup':
      return { url: '', method: 'GET', timeoutMs: 1000, extract: {} }
    case 'dial':
      return { number: '', timeoutSecs: 30, record: false }
    case 'voicemail':
      return { maxLengthSecs: 120, beep: true, transcribe: false }
    case 'goTo':
      return { target: '' }
  }
}

/** A node of `type` with its default data. */
export function makeNode(type: NodeType, id: string, position?: Position): GraphNode {
  return { id, type, data: defaultData(type), position } as GraphNode
}

/**
 * The node's named outputs, each connected to one next node (`NodeKind::outputs` in
 * crates/flows/src/model.rs). Terminals have none.
 */
export function outputsOf(node: NodeKind): string[] {
  switch (node.type) {
    case 'start':
    case 'play':
    case 'trackingPixel':
      return ['next']
    case 'menu':
      return [...(node.data?.keys ?? []), 'timeout', 'invalid']
    case 'gather':
      return ['success', 'timeout', 'invalid']
    case 'businessHours':
      return ['open', 'closed', 'holiday']
    case 'router':
      return [...(node.data?.routes ?? []).map((r) => r.name), 'default']
    case 'splitter':
      return (node.data?.branches ?? []).map((b) => b.name)
    case 'customLogic':
      return [...(node.data?.outputs ?? []), 'error']
    case 'lookup':
      return ['success', 'failure']
    case 'dial':
      return ['noAnswer']
    case 'routeToBuyers':
    case 'rtbAuction':
    case 'voicemail':
    case 'hangup':
    case 'goTo':
      return []
  }
}

/** Whether a node can be entered from another (every type but the Start). */
export function hasTarget(type: NodeType): boolean {
  return type !== 'start'
}

/** Nodes whose properties the panel edits (the others have none). */
export function hasProperties(type: NodeType): boolean {
  return !['start', 'routeToBuyers', 'rtbAuction', 'hangup'].includes(type)
}

export const nodeTypeLabels: Record<NodeType, string> = {
  start: 'Start',
  play: 'Play message',
  menu: 'Menu',
  gather: 'Gather input',
  businessHours: 'Business hours',
  router: 'Router',
  splitter: 'Split test',
  trackingPixel: 'Tracking pixel',
  customLogic: 'Custom logic',
  lookup: 'Data lookup',
  routeToBuyers: 'Route to buyers',
  rtbAuction: 'RTB auction',
  dial: 'Dial number',
  voicemail: 'Voicemail',
  hangup: 'Hang up',
  goTo: 'Go to',
}

export const nodeTypeDescriptions: Record<NodeType, string> = {
  start: 'Where every call enters',
  play: 'Say text or play audio',
  menu: 'Press 1 for…',
  gather: 'Collect digits or speech',
  businessHours: 'Open, closed or holiday',
  router: 'Branch on caller or variables',
  splitter: 'Split calls by percentage',
  trackingPixel: 'Fire a URL in the background',
  customLogic: 'Run a script',
  lookup: 'Fetch data over HTTP',
  routeToBuyers: "The campaign's buyers",
  rtbAuction: "The campaign's live auction",
  dial: 'Ring one number',
  voicemail: 'Record a message',
  hangup: 'End the call',
  goTo: 'Continue at another node',
}

function promptSummary(prompt: Prompt | undefined): string {
  if (!prompt) return ''
  if (prompt.kind === 'audio') return prompt.url ? `Audio: ${prompt.url}` : 'Audio (no URL)'
  return prompt.text ? `“${prompt.text}”` : 'No text yet'
}

/** One line on what a node does, shown on the canvas. */
export function summaryOf(node: GraphNode, labelOfNode?: (id: string) => string | undefined): string {
  switch (node.type) {
    case 'start':
      return 'Incoming call'
    case 'play':
      return promptSummary(node.data.prompt)
    case 'menu':
      return promptSummary(node.data.prompt)
    case 'gather':
      return `Into ${node.data.variable || '…'}`
    case 'businessHours':
      return node.data.timeZone
    case 'router':
      return `${node.data.routes.length} route${node.data.routes.length === 1 ? '' : 's'}`
    case 'splitter':
      return node.data.branches.map((b) => `${b.name} ${b.weight}%`).join(' / ')
    case 'trackingPixel':
      return node.data.url ? `${node.data.method} ${node.data.url}` : 'No URL yet'
    case 'customLogic':
      return `Sets ${node.data.sets.join(', ') || 'nothing'}`
    case 'lookup':
      return node.data.url ? `${node.data.method} ${node.data.url}` : 'No URL yet'
    case 'dial':
      return node.data.number || 'No number yet'
    case 'voicemail':
      return `Up to ${node.data.maxLengthSecs} s`
    case 'goTo': {
      if (!node.data.target) return 'No target yet'
      return `To ${labelOfNode?.(node.data.target) ?? node.data.target}`
    }
    case 'routeToBuyers':
    case 'rtbAuction':
    case 'hangup':
      return nodeTypeDescriptions[node.type]
  }
}

/** A fresh id for a node of `type`: `menu_1`, `menu_2`…, unused in `taken`. */
export function nextNodeId(type: NodeType, taken: Iterable<string>): string {
  const used = new Set(taken)
  for (let n = 1; ; n++) {
    const id = `${type}_${n}`
    if (!used.has(id)) return id
  }
}

/** The id of the edge from `source`'s output `handle`: one edge per output. */
export function edgeId(source: string, handle: string): string {
  return `e_${source}_${handle}`
}

/**
 * Reads a graph as the server sent it, dropping what cannot be drawn (nodes of an unknown
 * type). Missing data fields get the defaults the server would apply.
 */
export function parseGraph(value: unknown): FlowGraph {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as { nodes?: unknown; edges?: unknown }
  const nodes: GraphNode[] = []
  for (const n of Array.isArray(raw.nodes) ? raw.nodes : []) {
    if (typeof n !== 'object' || n === null) continue
    const { id, type, data, position } = n as Record<string, unknown>
    if (typeof id !== 'string' || !isNodeType(type)) continue
    const defaults = defaultData(type) as Record<string, unknown> | undefined
    const merged = defaults === undefined ? undefined : { ...defaults, ...(typeof data === 'object' && data !== null ? data : {}) }
    const pos = position as Partial<Position> | undefined
    nodes.push({
      id,
      type,
      data: merged,
      position: pos && typeof pos.x === 'number' && typeof pos.y === 'number' ? { x: pos.x, y: pos.y } : undefined,
    } as GraphNode)
  }
  const edges: GraphEdge[] = []
  for (const e of Array.isArray(raw.edges) ? raw.edges : []) {
    if (typeof e !== 'object' || e === null) continue
    const { id, source, sourceHandle, target } = e as Record<string, unknown>
    if ([id, source, sourceHandle, target].every((v) => typeof v === 'string')) {
      edges.push({ id: id as string, source: source as string, sourceHandle: sourceHandle as string, target: target as string })
    }
  }
  return { nodes, edges }
}

/** The graph as the server reads it: `data` left out for nodes that have none. */
export function serializeGraph(graph: FlowGraph): unknown {
  return {
    nodes: graph.nodes.map((n) => {
      const out: Record<string, unknown> = { id: n.id, type: n.type }
      if (n.data !== undefined) out.data = n.data
      if (n.position) out.position = { x: Math.round(n.position.x), y: Math.round(n.position.y) }
      return out
    }),
    edges: graph.edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle, target: e.target })),
  }
}

/** How a (simulated or live) call left the flow, by the end's kind. */
export const flowEndLabels: Record<string, string> = {
  routeToBuyers: 'Routed to buyers',
  rtbAuction: 'Sent to the RTB auction',
  dial: 'Dialled',
  voicemail: 'Voicemail',
  hangup: 'Hung up',
  waiting: 'Waiting for caller input',
  error: 'Error',
  failed: 'The flow could not go on',
}
