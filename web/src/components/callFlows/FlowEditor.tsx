import '@xyflow/react/dist/style.css'
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type EdgeTypes,
  type NodeChange,
  type NodeTypes,
} from '@xyflow/react'
import { useQueryClient } from '@tanstack/react-query'
import {
  ChevronDown,
  ChevronUp,
  CircleAlert,
  CircleCheck,
  History as HistoryIcon,
  LayoutGrid,
  LoaderCircle,
  Pencil,
  Plus,
  Redo2,
  Send,
  Undo2,
} from 'lucide-react'
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react'
import { Link } from 'react-router'
import { toast } from 'sonner'
import { problemsOf, saveCallFlow, useCallFlowAnalytics, usePublishCallFlow, type CallFlow, type SimulationResult } from '@/api/callFlows'
import { queryKeys } from '@/api/queryKeys'
import { BackLink } from '@/components/shared/BackLink'
import { UnsavedChangesDialog } from '@/components/shared/UnsavedChangesDialog'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'
import { useIsPhone, useMediaQuery } from '@/hooks/useMediaQuery'
import { useUnsavedChanges } from '@/hooks/useUnsavedChanges'
import { formatPhone } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'
import { useTheme } from '@/lib/theme'
import { cn } from '@/lib/utils'
import { AnalyticsPanel, presetChoice, type AnalyticsChoice } from './AnalyticsPanel'
import { FlowStatusBadge } from './callFlowColumns'
import { CountedEdge } from './CountedEdge'
import { CallFlowDetailsForm } from './CallFlowDetailsForm'
import { EditorViewContext, problemsByNode, type EditorView } from './editorContext'
import { FlowNodeView } from './FlowNodeView'
import { autoLayout, canConnect, connect, flowToGraph, freePosition, goToEdges, graphToFlow, pasteNodes, pruneEdges, type FlowEdge, type FlowNode } from './graph'
import { canRedo, canUndo, emptyHistory, push, redo, undo, type History } from './history'
import { defaultData, makeNode, NODE_TYPES, nextNodeId, outputsOf, parseGraph, serializeGraph, type FlowProblem, type GraphNode, type NodeKind, type NodeType } from './model'
import { NodePalette, PALETTE_MIME } from './NodePalette'
import { ProblemsList } from './ProblemsList'
import { PropertyPanel } from './PropertyPanel'
import { PublishDialog } from './PublishDialog'
import { SimulatePanel } from './SimulatePanel'
import { VersionsDialog } from './VersionsDialog'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

const nodeTypes: NodeTypes = Object.fromEntries(NODE_TYPES.map((t) => [t, FlowNodeView]))
const edgeTypes: EdgeTypes = { counted: CountedEdge }
const AUTOSAVE_MS = 1500
const GRID = 20

interface Snapshot {
  nodes: FlowNode[]
  edges: FlowEdge[]
}

/** What PUT /api/call-flows/{id} is sent: compared as text to tell whether there is anything to save. */
function payloadOf(name: string, description: string | null, nodes: readonly FlowNode[], edges: readonly FlowEdge[]): string {
  return JSON.stringify({ name, description, graph: serializeGraph(flowToGraph(nodes, edges)) })
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('[role="dialog"]') !== null
}

type SaveState = 'saved' | 'unsaved' | 'saving' | 'error'

function SaveIndicator({ state, error, onRetry }: { state: SaveState; error?: string; onRetry: () => void }) {
  if (state === 'saving')
    return (
      <span className="flex items-center gap-1 text-xs text-muted-foreground" role="status">
        <LoaderCircle className="size-3.5 animate-spin" aria-hidden="true" />
        Saving…
      </span>
    )
  if (state === 'error')
    return (
      <span className="flex items-center gap-1 text-xs text-destructive" role="alert" title={error}>
        <CircleAlert className="size-3.5" aria-hidden="true" />
        Not saved{error ? `: ${error}` : ''}
        <Button variant="link" size="sm" className="h-auto p-0 text-xs" onClick={onRetry}>
          Retry
        </Button>
      </span>
    )
  if (state === 'unsaved')
    return (
      <span className="text-xs text-amber-700 dark:text-amber-300" role="status">
        Unsaved changes
      </span>
    )
  return (
    <span className="flex items-center gap-1 text-xs text-muted-foreground" role="status">
      <CircleCheck className="size-3.5 text-emerald-600" aria-hidden="true" />
      Saved
    </span>
  )
}

/** The campaigns and tracking numbers whose live calls run this flow, or how to get one to. */
function UsedBy({ campaigns, numbers }: { campaigns: readonly { id: string; name: string }[]; numbers: readonly { id: number; phoneNumber: string }[] }) {
  if (campaigns.length === 0 && numbers.length === 0)
    return (
      <p className="mt-1 text-xs text-muted-foreground">
        No campaign or number runs this flow yet: choose it on a campaign&apos;s page or for a number on the{' '}
        <Link to="/phone-numbers" className="text-primary hover:underline">
          Phone Numbers
        </Link>{' '}
        page.
      </p>
    )
  return (
    <div className="mt-1 flex flex-col gap-0.5 text-sm text-muted-foreground">
      {campaigns.length > 0 && (
        <p className="flex flex-wrap items-center gap-x-1.5" aria-label="Campaigns running this flow">
          <span>Used by</span>
          {campaigns.map((c, i) => (
            <span key={c.id}>
              <Link to={`/campaigns/${encodeURIComponent(c.id)}`} className="font-medium text-primary hover:underline">
                {c.name}
              </Link>
              {i < campaigns.length - 1 && ','}
            </span>
          ))}
        </p>
      )}
      {numbers.length > 0 && (
        <p className="flex flex-wrap items-center gap-x-1.5" aria-label="Numbers running this flow">
          <span>{campaigns.length > 0 ? 'and by' : 'Used by'} {numbers.length === 1 ? 'number' : 'numbers'}</span>
          {numbers.map((n, i) => (
            <span key={n.id}>
              <Link to={`/phone-numbers?search=${encodeURIComponent(n.phoneNumber)}`} className="font-medium tabular-nums text-primary hover:underline">
                {formatPhone(n.phoneNumber)}
              </Link>
              {i < numbers.length - 1 && ','}
            </span>
          ))}
          <span className="text-xs">(in place of {numbers.length === 1 ? 'its' : 'their'} campaign&apos;s flow)</span>
        </p>
      )}
    </div>
  )
}

/** The call flow builder: canvas, palette, property panel, problems, simulation, publishing. */
export function FlowEditor(props: { flow: CallFlow; onReload: () => void }) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  )
}

function Editor({ flow, onReload }: { flow: CallFlow; onReload: () => void }) {
  const queryClient = useQueryClient()
  const { canWrite, denied } = usePermissions()
  // A role that may not change flows looks at the flow: nothing is saved, published or renamed.
  const writable = canWrite('flows')
  const phone = useIsPhone()
  // Wide screens keep the palette docked beside the canvas; smaller ones open it over the canvas.
  const wide = useMediaQuery('(min-width: 1280px)')
  const { theme } = useTheme()
  const reactFlow = useReactFlow<FlowNode, FlowEdge>()
  const wrapperRef = useRef<HTMLDivElement>(null)

  const initial = useMemo(() => graphToFlow(parseGraph(flow.graph)), [flow.graph])
  const [nodes, setNodes] = useState<FlowNode[]>(initial.nodes)
  const [edges, setEdges] = useState<FlowEdge[]>(initial.edges)
  const [name, setName] = useState(flow.name)
  const [description, setDescription] = useState<string | null>(flow.description ?? null)
  const [history, setHistory] = useState<History<Snapshot>>(emptyHistory)
  const [revision, setRevision] = useState(0)
  const [problems, setProblems] = useState<FlowProblem[]>(flow.problems)
  const [tab, setTab] = useState('properties')
  const [paletteOpen, setPaletteOpen] = useState(() => !phone && initial.nodes.length <= 1)
  const [publishing, setPublishing] = useState(false)
  const [showVersions, setShowVersions] = useState(false)
  const [editingDetails, setEditingDetails] = useState(false)
  const [simulation, setSimulation] = useState<SimulationResult>()
  const [analyticsChoice, setAnalyticsChoice] = useState<AnalyticsChoice>(() => presetChoice('7d'))
  const showAnalytics = tab === 'analytics'
  const analytics = useCallFlowAnalytics(flow.id, analyticsChoice.range, showAnalytics)
  const overlay = showAnalytics ? analytics.data : undefined

  const current = useRef<Snapshot>({ nodes, edges })
  current.current = { nodes, edges }
  const clipboard = useRef<Snapshot | undefined>(undefined)
  const pasteCount = useRef(0)

  // ---- History

  const record = useCallback((group?: string) => {
    const snapshot = current.current
    setHistory((h) => push(h, snapshot, group))
  }, [])

  const restore = useCallback((snapshot: Snapshot) => {
    setNodes(snapshot.nodes)
    setEdges(snapshot.edges)
    setRevision((r) => r + 1)
  }, [])

  const onUndo = useCallback(() => {
    const step = undo(history, current.current)
    if (!step) return
    setHistory(step.history)
    restore(step.state)
  }, [history, restore])

  const onRedo = useCallback(() => {
    const step = redo(history, current.current)
    if (!step) return
    setHistory(step.history)
    restore(step.state)
  }, [history, restore])

  // Edges of outputs that went away (a removed menu key, a deleted node) go with them.
  useEffect(() => {
    setEdges((es) => {
      const kept = pruneEdges(nodes, es)
      return kept.length === es.length ? es : kept
    })
  }, [nodes])

  // ---- Canvas changes

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      if (changes.some((c) => c.type === 'remove')) record('delete')
      setNodes((ns) => applyNodeChanges(changes, ns))
    },
    [record],
  )

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      if (changes.some((c) => c.type === 'remove')) record('delete')
      setEdges((es) => applyEdgeChanges(changes, es))
    },
    [record],
  )

  const onConnect = useCallback(
    (connection: Connection) => {
      record()
      setEdges((es) => connect(current.current.nodes, es, connection))
    },
    [record],
  )

  const isValidConnection = useCallback(
    (c: { source: string | null; sourceHandle?: string | null; target: string | null }) => canConnect(current.current.nodes, c),
    [],
  )

  const selectNode = useCallback(
    (id: string, focus = true, keepTab = false) => {
      setNodes((ns) => ns.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })))
      if (!keepTab) setTab('properties')
      const node = current.current.nodes.find((n) => n.id === id)
      // (Only on a canvas with a size: a hidden or unmeasured one has no centre.)
      if (focus && node && (wrapperRef.current?.clientWidth ?? 0) > 0) void reactFlow.setCenter(node.position.x + 112, node.position.y + 60, { zoom: Math.max(reactFlow.getZoom(), 0.9), duration: 300 })
    },
    [reactFlow],
  )

  const addNode = useCallback(
    (type: NodeType, at?: { x: number; y: number }) => {
      let position = at
      if (!position) {
        const rect = wrapperRef.current?.getBoundingClientRect()
        const center = rect ? reactFlow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 }
        position = freePosition(current.current.nodes, { x: center.x - 112, y: center.y - 40 }, outputsOf({ type, data: defaultData(type) } as NodeKind).length)
      }
      const snapped = { x: Math.round(position.x / GRID) * GRID, y: Math.round(position.y / GRID) * GRID }
      const id = nextNodeId(type, current.current.nodes.map((n) => n.id))
      const graphNode = makeNode(type, id, snapped)
      record()
      setNodes((ns) => [
        ...ns.map((n) => (n.selected ? { ...n, selected: false } : n)),
        { id, type, position: snapped, data: { config: graphNode.data }, deletable: true, selected: true },
      ])
      setTab('properties')
      if (phone) setPaletteOpen(false)
      // A node placed out of view (the middle was taken) is brought into view.
      const rect = wrapperRef.current?.getBoundingClientRect()
      if (!at && rect && rect.width > 0) {
        const topLeft = reactFlow.screenToFlowPosition({ x: rect.left, y: rect.top })
        const bottomRight = reactFlow.screenToFlowPosition({ x: rect.right, y: rect.bottom })
        const inView = snapped.x >= topLeft.x && snapped.y >= topLeft.y && snapped.x + 224 <= bottomRight.x && snapped.y + 100 <= bottomRight.y
        if (!inView) void reactFlow.setCenter(snapped.x + 112, snapped.y + 50, { zoom: reactFlow.getZoom(), duration: 250 })
      }
    },
    [reactFlow, record, phone],
  )

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_MIME)
      if (!type || !(NODE_TYPES as readonly string[]).includes(type)) return
      event.preventDefault()
      addNode(type as NodeType, reactFlow.screenToFlowPosition({ x: event.clientX - 112, y: event.clientY - 30 }))
    },
    [addNode, reactFlow],
  )

  const updateNodeData = useCallback(
    (id: string, config: unknown) => {
      const node = current.current.nodes.find((n) => n.id === id)
      if (!node || JSON.stringify(node.data.config) === JSON.stringify(config)) return
      record(`data:${id}`)
      setNodes((ns) => ns.map((n) => (n.id === id ? ({ ...n, data: { config } } as FlowNode) : n)))
    },
    [record],
  )

  const deleteNode = useCallback(
    (id: string) => {
      record()
      setNodes((ns) => ns.filter((n) => n.id !== id || n.type === 'start'))
    },
    [record],
  )

  const paste = useCallback(
    (snapshot: Snapshot) => {
      pasteCount.current += 1
      const offset = { x: 40 * pasteCount.current, y: 40 * pasteCount.current }
      const pasted = pasteNodes(current.current.nodes, snapshot.nodes, snapshot.edges, offset)
      if (pasted.nodes.length === 0) return
      record()
      setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted.nodes])
      setEdges((es) => [...es, ...pasted.edges])
    },
    [record],
  )

  const duplicate = useCallback(
    (id: string) => {
      const node = current.current.nodes.find((n) => n.id === id)
      if (node) paste({ nodes: [node], edges: [] })
    },
    [paste],
  )

  const layout = useCallback(() => {
    record()
    setNodes((ns) => autoLayout(ns, current.current.edges))
    window.setTimeout(() => void reactFlow.fitView({ duration: 300, padding: 0.15 }), 50)
  }, [record, reactFlow])

  // ---- Keyboard: undo/redo, copy/paste (Delete/Backspace is React Flow's)

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || isTyping(event.target)) return
      const key = event.key.toLowerCase()
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault()
        onUndo()
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault()
        onRedo()
      } else if (key === 'c') {
        const selected = current.current.nodes.filter((n) => n.selected)
        if (selected.length === 0 || window.getSelection()?.toString()) return
        const ids = new Set(selected.map((n) => n.id))
        clipboard.current = structuredClone({
          nodes: selected,
          edges: current.current.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
        })
        pasteCount.current = 0
        toast.message(`Copied ${selected.length} node${selected.length === 1 ? '' : 's'}`)
      } else if (key === 'v' && clipboard.current) {
        event.preventDefault()
        paste(clipboard.current)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onUndo, onRedo, paste])

  // ---- Autosave

  const payload = useMemo(() => payloadOf(name, description, nodes, edges), [name, description, nodes, edges])
  const [savedPayload, setSavedPayload] = useState(() => payloadOf(flow.name, flow.description ?? null, initial.nodes, initial.edges))
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<string>()
  const inFlight = useRef<Promise<unknown>>(Promise.resolve())

  const saveNow = useCallback(
    (text: string) => {
      const run = inFlight.current.catch(() => undefined).then(async () => {
        setSaving(true)
        try {
          const out = await saveCallFlow(flow.id, JSON.parse(text) as Parameters<typeof saveCallFlow>[1])
          setSavedPayload(text)
          setSaveError(undefined)
          setProblems(out.problems)
          queryClient.setQueryData(queryKeys.callFlows.detail(flow.id), out)
          void queryClient.invalidateQueries({ queryKey: queryKeys.callFlows.list })
          return out
        } catch (error) {
          setSaveError(serverErrorMessage(error))
          throw error
        } finally {
          setSaving(false)
        }
      })
      inFlight.current = run
      return run
    },
    [flow.id, queryClient],
  )

  useEffect(() => {
    if (payload === savedPayload || !writable) return
    const timer = window.setTimeout(() => void saveNow(payload).catch(() => undefined), AUTOSAVE_MS)
    return () => window.clearTimeout(timer)
  }, [payload, savedPayload, saveNow, writable])

  const dirty = payload !== savedPayload
  const saveState: SaveState = saving ? 'saving' : saveError && dirty ? 'error' : dirty ? 'unsaved' : 'saved'
  const unsaved = useUnsavedChanges(dirty && writable)

  // ---- Publish

  const publish = usePublishCallFlow(flow.id)
  const onPublish = async (note: string | null) => {
    const text = current.current && payloadOf(name, description, current.current.nodes, current.current.edges)
    if (text !== savedPayload) await saveNow(text)
    try {
      const out = await publish.mutateAsync(note)
      toast.success(`Published version ${out.version}`)
      void queryClient.invalidateQueries({ queryKey: queryKeys.callFlows.detail(flow.id) })
    } catch (error) {
      const refused = problemsOf(error)
      if (refused) {
        setProblems(refused)
        setTab('problems')
      }
      throw error
    }
  }

  // ---- Simulation highlight

  const onSimulation = useCallback((result: SimulationResult | undefined, refused?: FlowProblem[]) => {
    setSimulation(result)
    if (refused) setProblems(refused)
  }, [])

  const visited = useMemo(() => {
    const map = new Map<string, number[]>()
    simulation?.steps.forEach((s, i) => map.set(s.nodeId, [...(map.get(s.nodeId) ?? []), i + 1]))
    return map
  }, [simulation])
  const visitedEdges = useMemo(() => new Set(simulation?.steps.map((s) => s.edgeId).filter((e): e is string => !!e)), [simulation])

  const edgeCalls = useMemo(() => (overlay ? new Map(overlay.edges.map((e) => [e.edgeId, e.calls])) : undefined), [overlay])

  const shownEdges = useMemo(() => {
    let drawn = visitedEdges.size === 0 ? edges : edges.map((e) => (visitedEdges.has(e.id) ? { ...e, animated: true, style: { stroke: 'rgb(16 185 129)', strokeWidth: 2.5 } } : e))
    if (edgeCalls) {
      // While the Analytics tab is open: each connection labelled with the calls along it.
      const most = Math.max(1, ...edgeCalls.values())
      drawn = drawn.map((e) => {
        const calls = edgeCalls.get(e.id) ?? 0
        return {
          ...e,
          type: 'counted',
          data: { calls },
          style: calls > 0 ? { ...e.style, stroke: 'rgb(99 102 241)', strokeWidth: 1.5 + (3 * calls) / most } : e.style,
        }
      })
    }
    const jumps = goToEdges(nodes)
    return jumps.length === 0 ? drawn : [...drawn, ...jumps]
  }, [edges, nodes, visitedEdges, edgeCalls])

  const graphNodes = useMemo(() => flowToGraph(nodes, []).nodes, [nodes])
  const view = useMemo<EditorView>(() => {
    const ids = new Set(nodes.map((n) => n.id))
    return {
      problems: problemsByNode(problems),
      visited,
      endNodeId: simulation?.end.nodeId,
      analytics: overlay ? new Map(overlay.nodes.map((n) => [n.nodeId, { entries: n.entries, hangups: n.hangups }])) : undefined,
      labelOf: (id) => (ids.has(id) ? id : undefined),
    }
  }, [problems, visited, simulation, nodes, overlay])

  const selected = nodes.filter((n) => n.selected)
  const selectedNode: GraphNode | undefined = selected.length === 1 ? graphNodes.find((n) => n.id === selected[0]!.id) : undefined
  const getGraph = useCallback(() => serializeGraph(flowToGraph(current.current.nodes, current.current.edges)), [])

  const flowWideProblems = problems.filter((p) => !p.nodeId)

  return (
    <div className="flex flex-col gap-3">
      <div>
        <BackLink to="/call-flows">All call flows</BackLink>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="truncate text-2xl font-semibold tracking-tight">{name}</h1>
              {writable && (
                <Button variant="ghost" size="icon" className="size-8" aria-label="Edit name and description" title="Edit name and description" onClick={() => setEditingDetails(true)}>
                  <Pencil aria-hidden="true" />
                </Button>
              )}
              <FlowStatusBadge status={flow.status} />
              {flow.publishedVersion != null && <Badge variant="info">Live: v{flow.publishedVersion}</Badge>}
              {writable ? (
                <SaveIndicator state={saveState} error={saveError} onRetry={() => void saveNow(payload).catch(() => undefined)} />
              ) : (
                <ReadOnlyNote area="flows" />
              )}
            </div>
            {description && <p className="mt-1 text-sm text-muted-foreground">{description}</p>}
            <UsedBy campaigns={flow.campaigns ?? []} numbers={flow.numbers ?? []} />
          </div>
          <div className="flex flex-wrap items-center gap-1.5">
            <Button variant="outline" size="icon" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!canUndo(history)} onClick={onUndo}>
              <Undo2 aria-hidden="true" />
            </Button>
            <Button variant="outline" size="icon" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={!canRedo(history)} onClick={onRedo}>
              <Redo2 aria-hidden="true" />
            </Button>
            <Button variant="outline" onClick={layout}>
              <LayoutGrid aria-hidden="true" />
              Auto layout
            </Button>
            <Button variant="outline" onClick={() => setShowVersions(true)}>
              <HistoryIcon aria-hidden="true" />
              History
            </Button>
            {writable && (
              <Button onClick={() => setPublishing(true)}>
                <Send aria-hidden="true" />
                Publish
              </Button>
            )}
          </div>
        </div>
      </div>

      {!writable && (
        <p role="note" className="rounded-md bg-muted px-3 py-2 text-xs text-muted-foreground">
          {denied('flows')}: you can look at this flow and simulate calls, but nothing you change here is saved.
        </p>
      )}
      {phone && (
        <p className="rounded-md bg-muted px-3 py-2 text-xs text-muted-foreground">Editing works best on a larger screen; on a phone you can view, add and edit nodes.</p>
      )}

      <EditorViewContext.Provider value={view}>
        <div className="flex flex-col gap-3 xl:h-[calc(100dvh-12.5rem)] xl:min-h-[32rem] xl:flex-row">
          <div className="flex h-[62dvh] min-h-80 overflow-hidden rounded-xl border border-border bg-background xl:h-auto xl:min-w-0 xl:flex-1">
            {wide && writable && (
              <div className="flex w-44 shrink-0 flex-col border-r border-border">
                <p className="px-3 pt-2.5 pb-1 text-xs font-medium text-muted-foreground">Drag or click to add</p>
                <NodePalette onAdd={(t) => addNode(t)} className="min-h-0 flex-1 overflow-y-auto p-1" />
              </div>
            )}
            <div
              ref={wrapperRef}
              className="relative min-w-0 flex-1"
              onDragOver={(e) => {
                if (e.dataTransfer.types.includes(PALETTE_MIME)) {
                  e.preventDefault()
                  e.dataTransfer.dropEffect = 'move'
                }
              }}
              onDrop={onDrop}
              aria-label="Flow canvas"
              role="group"
            >
              <ReactFlow<FlowNode, FlowEdge>
                nodes={nodes}
                edges={shownEdges}
                nodeTypes={nodeTypes}
                edgeTypes={edgeTypes}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onConnect={onConnect}
                isValidConnection={isValidConnection}
                onNodeDragStart={() => record()}
                onNodeClick={() => setTab('properties')}
                snapToGrid
                snapGrid={[GRID, GRID]}
                fitView
                fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
                minZoom={0.2}
                maxZoom={2}
                deleteKeyCode={writable ? ['Delete', 'Backspace'] : null}
                nodesDraggable={writable}
                nodesConnectable={writable}
                colorMode={theme}
                defaultEdgeOptions={{ type: 'smoothstep' }}
                proOptions={{ hideAttribution: true }}
              >
                <Background variant={BackgroundVariant.Dots} gap={GRID} />
                <Controls position="bottom-left" />
                {!phone && <MiniMap position="bottom-right" pannable zoomable className="!h-24 !w-36" />}
                {!wide && writable && (
                  <Panel position="top-left" className="!m-2">
                    <div className="w-48 rounded-lg border border-border bg-background/95 shadow-sm backdrop-blur">
                      <button
                        type="button"
                        className="flex w-full items-center justify-between gap-2 px-3 py-2 text-sm font-medium"
                        aria-expanded={paletteOpen}
                        onClick={() => setPaletteOpen((o) => !o)}
                      >
                        <span className="flex items-center gap-1.5">
                          <Plus className="size-4" aria-hidden="true" />
                          Add node
                        </span>
                        {paletteOpen ? <ChevronUp className="size-4" aria-hidden="true" /> : <ChevronDown className="size-4" aria-hidden="true" />}
                      </button>
                      {paletteOpen && <NodePalette onAdd={(t) => addNode(t)} className="max-h-[min(32rem,50dvh)] overflow-y-auto border-t border-border p-1" />}
                    </div>
                  </Panel>
                )}
                {flowWideProblems.length > 0 && (
                  <Panel position="top-right" className="!m-2 max-w-64">
                    <button
                      type="button"
                      onClick={() => setTab('problems')}
                      className="rounded-md border border-red-200 bg-red-50 px-2 py-1 text-left text-xs text-red-800 dark:border-red-900/60 dark:bg-red-950/60 dark:text-red-200"
                    >
                      {flowWideProblems[0]!.message}
                      {flowWideProblems.length > 1 && ` (+${flowWideProblems.length - 1})`}
                    </button>
                  </Panel>
                )}
              </ReactFlow>
            </div>
          </div>

          <aside
            className={cn('flex min-h-0 flex-col rounded-xl border border-border bg-background xl:shrink-0', showAnalytics ? 'xl:w-[28rem]' : 'xl:w-80')}
            aria-label="Flow panels"
          >
            <Tabs value={tab} onValueChange={setTab} className="flex min-h-0 flex-1 flex-col">
              <TabsList className="m-2 grid h-auto grid-cols-4 [&>button]:px-1.5 [&>button]:text-xs">
                <TabsTrigger value="properties">Properties</TabsTrigger>
                <TabsTrigger value="problems">
                  Problems
                  {problems.length > 0 && (
                    <span className="ml-1 rounded-full bg-red-600 px-1.5 text-[10px] font-semibold text-white" aria-label={`${problems.length} problem${problems.length === 1 ? '' : 's'}`}>
                      {problems.length}
                    </span>
                  )}
                </TabsTrigger>
                <TabsTrigger value="simulate">Simulate</TabsTrigger>
                <TabsTrigger value="analytics">Analytics</TabsTrigger>
              </TabsList>
              <TabsContent value="properties" className="min-h-0 flex-1 overflow-y-auto px-4 pb-4">
                <PropertyPanel
                  node={selectedNode}
                  nodes={graphNodes}
                  problems={selectedNode ? (view.problems.get(selectedNode.id) ?? []) : []}
                  revision={revision}
                  onChange={updateNodeData}
                  onDelete={deleteNode}
                  onDuplicate={duplicate}
                  selectedCount={selected.length}
                />
              </TabsContent>
              <TabsContent value="problems" className="min-h-0 flex-1 overflow-y-auto px-4 pb-4">
                <p className="mb-2 text-xs text-muted-foreground">Checked by the server on every save; publishing needs none.</p>
                <ProblemsList problems={problems} onSelectNode={(id) => selectNode(id)} />
              </TabsContent>
              <TabsContent value="simulate" forceMount className={cn('min-h-0 flex-1 overflow-y-auto px-4 pb-4', tab !== 'simulate' && 'hidden')}>
                <SimulatePanel flowId={flow.id} getGraph={getGraph} onResult={onSimulation} onSelectNode={(id) => selectNode(id)} />
              </TabsContent>
              <TabsContent value="analytics" className="min-h-0 flex-1 overflow-y-auto px-4 pb-4">
                <AnalyticsPanel
                  choice={analyticsChoice}
                  onChoiceChange={setAnalyticsChoice}
                  data={analytics.data}
                  error={analytics.error}
                  loading={analytics.isPending}
                  fetching={analytics.isFetching}
                  onRefresh={() => {
                    // A preset's range ends now: move it along rather than reload the old window.
                    if (analyticsChoice.preset === 'dates') void analytics.refetch()
                    else setAnalyticsChoice(presetChoice(analyticsChoice.preset))
                  }}
                  onSelectNode={(id) => selectNode(id, true, true)}
                  nodeOrder={graphNodes.map((n) => n.id)}
                />
              </TabsContent>
            </Tabs>
          </aside>
        </div>
      </EditorViewContext.Provider>

      <PublishDialog open={publishing} onOpenChange={setPublishing} problems={problems} onPublish={onPublish} />
      <VersionsDialog
        flowId={flow.id}
        open={showVersions}
        onOpenChange={setShowVersions}
        publishedVersion={flow.publishedVersion}
        unsaved={dirty}
        onRolledBack={() => {
          unsaved.allowLeaving()
          onReload()
        }}
      />
      <Dialog open={editingDetails} onOpenChange={setEditingDetails}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Name and description</DialogTitle>
            <DialogDescription>Saved with the draft.</DialogDescription>
          </DialogHeader>
          {editingDetails && (
            <CallFlowDetailsForm
              initial={{ name, description: description ?? '' }}
              submitLabel="Save"
              onCancel={() => setEditingDetails(false)}
              onSubmit={async (values) => {
                const text = payloadOf(values.name, values.description, current.current.nodes, current.current.edges)
                try {
                  await saveNow(text)
                } catch (error) {
                  // The dialog shows why (a name taken); the draft itself is still saved.
                  setSaveError(undefined)
                  throw error
                }
                setName(values.name)
                setDescription(values.description)
                setEditingDetails(false)
              }}
            />
          )}
        </DialogContent>
      </Dialog>
      <UnsavedChangesDialog blocker={unsaved.blocker} description="The latest changes to this flow are not saved yet. If you leave now, they are lost." />
    </div>
  )
}
