/**
 * Asks before the user leaves a form with unsaved input: in-app navigation is held by a
 * router blocker (answer it with <UnsavedChangesDialog>), and closing or reloading the tab
 * gets the browser's own "Leave site?" prompt (`beforeunload`).
 */
import { useCallback, useEffect, useRef } from 'react'
import { useBlocker, type Blocker } from 'react-router'

export interface UnsavedChanges {
  blocker: Blocker
  /** Lets the next navigation through unasked (call it right before going on after a save). */
  allowLeaving: () => void
}

export function useUnsavedChanges(dirty: boolean): UnsavedChanges {
  const allowed = useRef(false)
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      !allowed.current &&
      dirty &&
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  )
  const allowLeaving = useCallback(() => {
    allowed.current = true
  }, [])

  useEffect(() => {
    if (!dirty) return
    allowed.current = false
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault()
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [dirty])

  // Nothing left to lose (e.g. the form was saved meanwhile): let a held navigation go on.
  useEffect(() => {
    if (blocker.state === 'blocked' && !dirty) blocker.proceed()
  }, [blocker, dirty])

  return { blocker, allowLeaving }
}
