import { Handle, Position, type NodeProps } from '@xyflow/react'
import { TriangleAlert } from 'lucide-react'
import { memo } from 'react'
import { cn } from '@/lib/utils'
import { useEditorView } from './editorContext'
import { GOTO_HANDLE, kindOf, type FlowNode } from './graph'
import { hasTarget, nodeTypeLabels, outputsOf, summaryOf, type GraphNode } from './model'
import { nodeIcons, nodeTones } from './nodeIcons'

/** A node on the canvas: its type, a one-line summary, a target handle and one labelled handle per output. */
export const FlowNodeView = memo(function FlowNodeView({ id, type, data, selected }: NodeProps<FlowNode>) {
  const view = useEditorView()
  const kind = kindOf({ type, data } as FlowNode)
  const outputs = outputsOf(kind)
  const problems = view.problems.get(id) ?? []
  const steps = view.visited.get(id)
  const counts = view.analytics ? (view.analytics.get(id) ?? { entries: 0, hangups: 0 }) : undefined
  const Icon = nodeIcons[type]
  const summary = summaryOf({ id, ...kind } as GraphNode, view.labelOf)
  const title = problems.length > 0 ? problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('\n') : undefined
  return (
    <div
      data-testid={`flow-node-${id}`}
      data-problems={problems.length || undefined}
      data-visited={steps ? true : undefined}
      data-entries={counts?.entries}
      data-hangups={counts?.hangups}
      title={title}
      className={cn(
        'w-56 rounded-lg border bg-card text-foreground shadow-sm transition-shadow',
        problems.length > 0 ? 'border-red-500 dark:border-red-400' : 'border-border',
        selected && 'ring-2 ring-primary ring-offset-1 ring-offset-background',
        steps && 'shadow-[0_0_0_3px_rgb(16_185_129/0.55)]',
        view.endNodeId === id && 'shadow-[0_0_0_4px_rgb(16_185_129/0.9)]',
      )}
    >
      {hasTarget(type) && <Handle type="target" position={Position.Left} className="!size-3 !border-2 !border-background !bg-muted-foreground" />}
      <div className="flex items-center gap-2 px-3 pt-2.5">
        <span className={cn('grid size-7 shrink-0 place-items-center rounded-md', nodeTones[type])}>
          <Icon className="size-4" aria-hidden="true" />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium leading-tight">{nodeTypeLabels[type]}</p>
          <p className="truncate font-mono text-[10px] text-muted-foreground">{id}</p>
        </div>
        {problems.length > 0 && (
          <span className="flex items-center gap-0.5 text-xs font-medium text-red-600 dark:text-red-400" aria-label={`${problems.length} problem${problems.length === 1 ? '' : 's'}`}>
            <TriangleAlert className="size-3.5" aria-hidden="true" />
            {problems.length}
          </span>
        )}
        {counts && (
          <span className="flex shrink-0 flex-col items-end gap-0.5">
            <span
              className={cn('rounded-full px-1.5 text-[10px] font-semibold tabular-nums', counts.entries > 0 ? 'bg-indigo-600 text-white' : 'bg-muted text-muted-foreground')}
              title="Calls that reached this node"
            >
              {counts.entries.toLocaleString('en-US')} {counts.entries === 1 ? 'call' : 'calls'}
            </span>
            {counts.hangups > 0 && (
              <span className="rounded-full bg-red-600 px-1.5 text-[10px] font-semibold text-white tabular-nums" title="Callers who hung up at this node">
                {counts.hangups.toLocaleString('en-US')} hung up
              </span>
            )}
          </span>
        )}
        {steps && (
          <span className="rounded-full bg-emerald-600 px-1.5 text-[10px] font-semibold text-white" title="Simulation steps">
            {steps.join(',')}
          </span>
        )}
      </div>
      <p className="truncate px-3 pt-1 pb-2 text-xs text-muted-foreground" title={summary}>
        {summary}
      </p>
      {type === 'goTo' && (
        // Where the dashed "continues at" line starts; not connectable (the target is a property).
        <Handle id={GOTO_HANDLE} type="source" position={Position.Right} isConnectable={false} className="!size-2 !border-0 !bg-muted-foreground/60" />
      )}
      {outputs.length > 0 && (
        <div className="border-t border-border py-1">
          {outputs.map((output) => (
            <div key={output} className="relative flex h-6 items-center justify-end pr-3 text-xs text-muted-foreground">
              <span className="truncate">{output}</span>
              <Handle
                id={output}
                type="source"
                position={Position.Right}
                className="!size-3 !border-2 !border-background !bg-primary"
                aria-label={`Output ${output}`}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  )
})
