import { Copy, MousePointerClick, Trash2, TriangleAlert } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { cn } from '@/lib/utils'
import { hasProperties, nodeTypeDescriptions, nodeTypeLabels, outputsOf, type FlowProblem, type GraphNode } from './model'
import { nodeIcons, nodeTones } from './nodeIcons'
import { NodeForm } from './NodeForms'

/** The selected node's properties: its server problems, then the form of its type. */
export function PropertyPanel({
  node,
  nodes,
  problems,
  revision,
  onChange,
  onDelete,
  onDuplicate,
  selectedCount,
}: {
  node: GraphNode | undefined
  nodes: readonly GraphNode[]
  problems: readonly FlowProblem[]
  /** Changes when the graph is replaced (undo, redo): the form starts again from the node's data. */
  revision: number
  onChange: (id: string, data: unknown) => void
  onDelete: (id: string) => void
  onDuplicate: (id: string) => void
  selectedCount: number
}) {
  if (!node) {
    return (
      <div className="flex flex-col items-center gap-2 px-4 py-10 text-center text-sm text-muted-foreground">
        <MousePointerClick className="size-6" aria-hidden="true" />
        {selectedCount > 1 ? `${selectedCount} nodes selected. Select one to edit its properties.` : 'Select a node to edit its properties.'}
      </div>
    )
  }
  const Icon = nodeIcons[node.type]
  const outputs = outputsOf(node)
  return (
    <div className="flex flex-col gap-4" aria-label={`Properties of ${node.id}`} role="region">
      <div className="flex items-start gap-3">
        <span className={cn('grid size-9 shrink-0 place-items-center rounded-md', nodeTones[node.type])}>
          <Icon className="size-5" aria-hidden="true" />
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="font-semibold leading-tight">{nodeTypeLabels[node.type]}</h2>
          <p className="text-xs text-muted-foreground">{nodeTypeDescriptions[node.type]}</p>
          <p className="mt-0.5 font-mono text-xs text-muted-foreground">{node.id}</p>
        </div>
        {node.type !== 'start' && (
          <div className="flex gap-1">
            <Button variant="ghost" size="icon" className="size-8" title="Duplicate" aria-label={`Duplicate ${node.id}`} onClick={() => onDuplicate(node.id)}>
              <Copy aria-hidden="true" />
            </Button>
            <Button
              variant="ghost"
              size="icon"
              className="size-8 text-destructive hover:text-destructive"
              title="Delete"
              aria-label={`Delete ${node.id}`}
              onClick={() => onDelete(node.id)}
            >
              <Trash2 aria-hidden="true" />
            </Button>
          </div>
        )}
      </div>
      {problems.length > 0 && (
        <ul className="flex flex-col gap-1 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
          {problems.map((p, i) => (
            <li key={i} className="flex gap-1.5">
              <TriangleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden="true" />
              <span>
                {p.field && <span className="font-mono">{p.field}: </span>}
                {p.message}
              </span>
            </li>
          ))}
        </ul>
      )}
      {hasProperties(node.type) ? (
        <form noValidate onSubmit={(e) => e.preventDefault()} className="flex flex-col gap-3">
          <NodeForm key={`${node.id}:${revision}`} node={node} nodes={nodes} onChange={(data) => onChange(node.id, data)} />
        </form>
      ) : (
        <p className="text-sm text-muted-foreground">This node has no properties.</p>
      )}
      <div className="text-xs text-muted-foreground">
        {outputs.length > 0 ? (
          <>
            Outputs: {outputs.map((o) => <code key={o} className="mr-1 rounded bg-muted px-1">{o}</code>)}
            <br />
            Drag from an output’s handle to the next node; connecting it again replaces its link.
          </>
        ) : (
          'The call ends here (no outputs).'
        )}
      </div>
    </div>
  )
}
