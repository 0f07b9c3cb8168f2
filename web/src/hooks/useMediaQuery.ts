import { useCallback, useSyncExternalStore } from 'react'

function matches(query: string): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches
}

/** Whether a CSS media query matches now; re-renders when that changes. False where matchMedia is missing. */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return () => {}
      const list = window.matchMedia(query)
      list.addEventListener('change', onChange)
      return () => list.removeEventListener('change', onChange)
    },
    [query],
  )
  return useSyncExternalStore(subscribe, () => matches(query), () => false)
}

/** Below Tailwind's `sm` breakpoint (640 px): phones, where lists show cards instead of wide tables. */
export const PHONE_QUERY = '(max-width: 639.98px)'

export function useIsPhone(): boolean {
  return useMediaQuery(PHONE_QUERY)
}
