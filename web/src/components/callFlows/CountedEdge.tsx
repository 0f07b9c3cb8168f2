import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type Edge, type EdgeProps } from '@xyflow/react'
import { cn } from '@/lib/utils'

/** An edge while the Analytics tab is open: `data.calls` is the number of calls along it. */
export type CountedEdgeData = { calls: number }

/**
 * A smooth-step edge with its call count beside the output it leaves from: one label per
 * output, so labels of edges meeting at a node never pile up, and drawn above the nodes.
 */
export function CountedEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, style, markerEnd, data }: EdgeProps<Edge<CountedEdgeData>>) {
  const [path] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition })
  const calls = data?.calls ?? 0
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />
      <EdgeLabelRenderer>
        <div
          data-testid={`edge-calls-${id}`}
          title={`${calls.toLocaleString('en-US')} call${calls === 1 ? '' : 's'} along this connection`}
          className={cn(
            'nodrag nopan pointer-events-auto absolute rounded-full border px-1.5 text-[10px] leading-4 font-semibold tabular-nums shadow-xs',
            calls > 0
              ? 'border-indigo-300 bg-indigo-50 text-indigo-700 dark:border-indigo-700 dark:bg-indigo-950 dark:text-indigo-200'
              : 'border-border bg-background text-muted-foreground',
          )}
          style={{ transform: `translate(0, -50%) translate(${sourceX + 8}px, ${sourceY}px)`, zIndex: 1001 }}
        >
          {calls.toLocaleString('en-US')}
        </div>
      </EdgeLabelRenderer>
    </>
  )
}
