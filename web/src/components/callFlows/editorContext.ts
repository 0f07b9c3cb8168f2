import { createContext, useContext } from 'react'
import type { FlowProblem } from './model'

export interface EditorView {
  /** Problems of each node, by id (from the last save, or a refused publish or simulation). */
  problems: ReadonlyMap<string, FlowProblem[]>
  /** Nodes a simulation went through, with the steps (1-based) at which it did. */
  visited: ReadonlyMap<string, number[]>
  /** Where the simulated call ended. */
  endNodeId?: string | null
  /** Live-call counts of each node while the Analytics tab is open (undefined otherwise). */
  analytics?: ReadonlyMap<string, { entries: number; hangups: number }>
  /** Labels of nodes by id, for a Go to's summary. */
  labelOf: (id: string) => string | undefined
}

export const EditorViewContext = createContext<EditorView>({
  problems: new Map(),
  visited: new Map(),
  labelOf: () => undefined,
})

export function useEditorView(): EditorView {
  return useContext(EditorViewContext)
}

/** Problems grouped by node id; flow-wide ones under ''. */
export function problemsByNode(problems: readonly FlowProblem[]): Map<string, FlowProblem[]> {
  const map = new Map<string, FlowProblem[]>()
  for (const p of problems) {
    const key = p.nodeId ?? ''
    map.set(key, [...(map.get(key) ?? []), p])
  }
  return map
}
