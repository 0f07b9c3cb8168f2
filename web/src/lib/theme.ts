/**
 * Light or dark: the user's choice (system, light or dark), kept in localStorage. `system`
 * follows the operating system's preference, also when it changes. index.html applies the
 * stored choice before the first paint (no flash of the wrong theme); this module keeps the
 * <html> element's `dark` class in step afterwards.
 */
import { useCallback, useSyncExternalStore } from 'react'

export type ThemePreference = 'system' | 'light' | 'dark'
export type Theme = 'light' | 'dark'

/** The localStorage key (index.html's inline script reads the same one). */
export const THEME_STORAGE_KEY = 'ccp-theme'
const DARK_QUERY = '(prefers-color-scheme: dark)'

export function isThemePreference(value: unknown): value is ThemePreference {
  return value === 'system' || value === 'light' || value === 'dark'
}

export function readThemePreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY)
    return isThemePreference(stored) ? stored : 'system'
  } catch {
    return 'system'
  }
}

function systemPrefersDark(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches
}

/** The theme a preference means now. */
export function resolveTheme(preference: ThemePreference, prefersDark = systemPrefersDark()): Theme {
  if (preference === 'system') return prefersDark ? 'dark' : 'light'
  return preference
}

/** Puts the theme on <html>: the `dark` class (Tailwind's `dark:`) and the native controls' color-scheme. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.classList.toggle('dark', theme === 'dark')
  root.style.colorScheme = theme
}

const listeners = new Set<() => void>()

function notify() {
  applyTheme(resolveTheme(readThemePreference()))
  for (const listener of listeners) listener()
}

export function setThemePreference(preference: ThemePreference): void {
  try {
    if (preference === 'system') localStorage.removeItem(THEME_STORAGE_KEY)
    else localStorage.setItem(THEME_STORAGE_KEY, preference)
  } catch {
    // Storage refused (private mode): the choice still applies to this page.
  }
  current = preference
  notify()
}

let current: ThemePreference | undefined

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

let syncing = false

/**
 * Keeps the theme in step with the system preference (for `system`) and with other tabs
 * (a choice made in one applies to all). Call once at start-up.
 */
export function startThemeSync(): void {
  if (syncing || typeof window === 'undefined') return
  syncing = true
  applyTheme(resolveTheme(readThemePreference()))
  if (typeof window.matchMedia === 'function') window.matchMedia(DARK_QUERY).addEventListener('change', notify)
  window.addEventListener('storage', (event) => {
    if (event.key !== THEME_STORAGE_KEY && event.key !== null) return
    current = undefined
    notify()
  })
}

function snapshot(): string {
  current ??= readThemePreference()
  return `${current}:${resolveTheme(current)}`
}

/** The stored preference, the theme it resolves to now, and a setter. */
export function useTheme(): { preference: ThemePreference; theme: Theme; setPreference: (p: ThemePreference) => void } {
  const value = useSyncExternalStore(subscribe, snapshot, () => 'system:light')
  const [preference, theme] = value.split(':') as [ThemePreference, Theme]
  const setPreference = useCallback((p: ThemePreference) => setThemePreference(p), [])
  return { preference, theme, setPreference }
}
