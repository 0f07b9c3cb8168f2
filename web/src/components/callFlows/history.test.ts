import { describe, expect, it } from 'vitest'
import { canRedo, canUndo, emptyHistory, HISTORY_LIMIT, push, redo, undo } from './history'

describe('undo stack', () => {
  it('undoes and redoes in order; a new change clears the redo', () => {
    let h = emptyHistory<string>()
    h = push(h, 'a')
    h = push(h, 'b')
    // Current state is 'c'.
    const u1 = undo(h, 'c')!
    expect(u1.state).toBe('b')
    const u2 = undo(u1.history, 'b')!
    expect(u2.state).toBe('a')
    expect(canUndo(u2.history)).toBe(false)
    expect(undo(u2.history, 'a')).toBeUndefined()
    const r1 = redo(u2.history, 'a')!
    expect(r1.state).toBe('b')
    const r2 = redo(r1.history, 'b')!
    expect(r2.state).toBe('c')
    expect(canRedo(r2.history)).toBe(false)

    const branched = push(u1.history, 'b')
    expect(canRedo(branched)).toBe(false)
  })

  it('merges a run of edits of one group into one step', () => {
    let h = emptyHistory<number>()
    h = push(h, 1, 'data:menu_1', 1000)
    h = push(h, 2, 'data:menu_1', 1500)
    h = push(h, 3, 'data:menu_1', 2200)
    expect(h.past).toEqual([1])
    h = push(h, 4, 'data:menu_1', 5000)
    expect(h.past).toEqual([1, 4])
    h = push(h, 5, 'data:play_1', 5100)
    expect(h.past).toEqual([1, 4, 5])
  })

  it('keeps at most HISTORY_LIMIT steps', () => {
    let h = emptyHistory<number>()
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) h = push(h, i)
    expect(h.past).toHaveLength(HISTORY_LIMIT)
    expect(h.past[0]).toBe(10)
  })
})
