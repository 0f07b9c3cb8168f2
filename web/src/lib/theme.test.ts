import { act, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { applyTheme, readThemePreference, resolveTheme, setThemePreference, THEME_STORAGE_KEY, useTheme } from './theme'

function stubSystemDark(dark: boolean) {
  vi.stubGlobal(
    'matchMedia',
    vi.fn((query: string) => ({
      matches: dark && query === '(prefers-color-scheme: dark)',
      media: query,
      addEventListener: () => {},
      removeEventListener: () => {},
    })),
  )
}

afterEach(() => {
  localStorage.clear()
  document.documentElement.classList.remove('dark')
  document.documentElement.style.colorScheme = ''
})

describe('theme', () => {
  it('follows the system by default and resolves each preference', () => {
    expect(readThemePreference()).toBe('system')
    expect(resolveTheme('system', true)).toBe('dark')
    expect(resolveTheme('system', false)).toBe('light')
    expect(resolveTheme('light', true)).toBe('light')
    expect(resolveTheme('dark', false)).toBe('dark')
  })

  it('ignores a stored value it does not know', () => {
    localStorage.setItem(THEME_STORAGE_KEY, 'purple')
    expect(readThemePreference()).toBe('system')
  })

  it('puts the dark class and color-scheme on <html>', () => {
    applyTheme('dark')
    expect(document.documentElement).toHaveClass('dark')
    expect(document.documentElement.style.colorScheme).toBe('dark')
    applyTheme('light')
    expect(document.documentElement).not.toHaveClass('dark')
  })

  it('remembers the choice, applies it at once, and forgets it for "system"', () => {
    stubSystemDark(true)
    const { result } = renderHook(() => useTheme())
    act(() => setThemePreference('light'))
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light')
    expect(result.current).toMatchObject({ preference: 'light', theme: 'light' })
    expect(document.documentElement).not.toHaveClass('dark')

    act(() => result.current.setPreference('system'))
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull()
    expect(result.current).toMatchObject({ preference: 'system', theme: 'dark' })
    expect(document.documentElement).toHaveClass('dark')
  })
})
