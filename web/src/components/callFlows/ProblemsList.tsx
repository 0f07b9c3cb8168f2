import { CircleCheck, TriangleAlert } from 'lucide-react'
import type { FlowProblem } from './model'

/** The draft's problems (what keeps it from being published), each node's linking to it. */
export function ProblemsList({ problems, onSelectNode }: { problems: readonly FlowProblem[]; onSelectNode: (id: string) => void }) {
  if (problems.length === 0) {
    return (
      <p className="flex items-center gap-2 py-6 text-sm text-emerald-700 dark:text-emerald-300">
        <CircleCheck className="size-4" aria-hidden="true" />
        No problems: the draft can be published.
      </p>
    )
  }
  return (
    <ul aria-label="Problems" className="flex flex-col divide-y divide-border text-sm">
      {problems.map((p, i) => (
        <li key={i} className="flex gap-2 py-2">
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-red-600 dark:text-red-400" aria-hidden="true" />
          <div className="min-w-0">
            {p.nodeId ? (
              <button type="button" className="font-mono text-xs text-primary hover:underline" onClick={() => onSelectNode(p.nodeId!)}>
                {p.nodeId}
                {p.field ? ` · ${p.field}` : ''}
              </button>
            ) : (
              <span className="text-xs font-medium text-muted-foreground">Flow</span>
            )}
            <p>{p.message}</p>
          </div>
        </li>
      ))}
    </ul>
  )
}
