import { useEffect, useRef, useState } from 'react'
import { useDebouncedValue } from './useDebouncedValue'

/**
 * The text of a filter box that reports it (trimmed) once typing pauses for `delay` ms,
 * and follows outside changes of `value` (e.g. "Clear filters").
 * `accept` can hold back text that is not valid yet (it is still shown).
 */
export function useDebouncedInput(
  value: string,
  onChange: (value: string) => void,
  { delay = 300, accept }: { delay?: number; accept?: (text: string) => boolean } = {},
): [string, (text: string) => void] {
  const [text, setText] = useState(value)
  const debounced = useDebouncedValue(text, delay)
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  const acceptRef = useRef(accept)
  acceptRef.current = accept
  const lastSent = useRef(value)

  useEffect(() => {
    if (value !== lastSent.current) {
      lastSent.current = value
      setText(value)
    }
  }, [value])

  useEffect(() => {
    const trimmed = debounced.trim()
    if (trimmed === lastSent.current) return
    if (trimmed !== '' && acceptRef.current && !acceptRef.current(trimmed)) return
    lastSent.current = trimmed
    onChangeRef.current(trimmed)
  }, [debounced])

  return [text, setText]
}
