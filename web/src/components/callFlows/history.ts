/**
 * An undo/redo stack of snapshots. `push` records the state before a change; changes that
 * share a `group` within `windowMs` of each other (typing in one field) make one step.
 */
export interface History<T> {
  past: T[]
  future: T[]
  /** The group and time of the last push, to merge a run of edits into one step. */
  last?: { group: string; at: number }
}

export const HISTORY_LIMIT = 100

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [] }
}

/** Records `before` (the state the change starts from); clears what could be redone. */
export function push<T>(history: History<T>, before: T, group?: string, now = Date.now(), windowMs = 1000): History<T> {
  if (group && history.last?.group === group && now - history.last.at < windowMs && history.past.length > 0) {
    return { ...history, future: [], last: { group, at: now } }
  }
  const past = [...history.past, before].slice(-HISTORY_LIMIT)
  return { past, future: [], last: group ? { group, at: now } : undefined }
}

/** Steps back: the state to show, and the history with `current` ready to be redone. */
export function undo<T>(history: History<T>, current: T): { history: History<T>; state: T } | undefined {
  const state = history.past.at(-1)
  if (state === undefined) return undefined
  return { history: { past: history.past.slice(0, -1), future: [current, ...history.future] }, state }
}

export function redo<T>(history: History<T>, current: T): { history: History<T>; state: T } | undefined {
  const [state, ...future] = history.future
  if (state === undefined) return undefined
  return { history: { past: [...history.past, current].slice(-HISTORY_LIMIT), future }, state }
}

export const canUndo = (history: History<unknown>) => history.past.length > 0
export const canRedo = (history: History<unknown>) => history.future.length > 0
