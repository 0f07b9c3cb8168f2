import { useEffect, useId, useRef, useState } from 'react'
import { useSearchParams } from 'react-router'
import { paramFilter, parseParamFilter, type UrlParameter } from '@/api/urlParameters'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { useDebouncedInput } from '@/hooks/useDebouncedInput'

const NONE = 'none'

/**
 * A tracked URL parameter and its value (exact), reported as `name:value` once both are set and
 * typing pauses, else ''. The page's `?paramName=` (from "Find calls" on the Integrations
 * page) picks the parameter when no filter is set.
 */
export function ParamFilter({ parameters, value, onChange }: { parameters: readonly UrlParameter[]; value: string; onChange: (value: string) => void }) {
  const id = useId()
  const [searchParams] = useSearchParams()
  const current = parseParamFilter(value)
  const [name, setName] = useState(() => current?.name ?? searchParams.get('paramName') ?? '')
  const nameRef = useRef(name)
  nameRef.current = name
  const [text, setText] = useDebouncedInput(current?.value ?? '', (typed) => onChange(nameRef.current && typed ? paramFilter(nameRef.current, typed) : ''))

  // Follow outside changes of the filter ("Clear filters", back button).
  const lastValue = useRef(value)
  useEffect(() => {
    if (value === lastValue.current) return
    lastValue.current = value
    const parsed = parseParamFilter(value)
    if (parsed) setName(parsed.name)
    else if (value === '') setName('')
  }, [value])

  const choose = (next: string) => {
    const chosen = next === NONE ? '' : next
    setName(chosen)
    const typed = text.trim()
    const filter = chosen && typed ? paramFilter(chosen, typed) : ''
    lastValue.current = filter
    onChange(filter)
  }

  // A name from the filter that is no longer tracked is still offered, so the select shows it.
  const known = parameters.some((p) => p.parameterName.toLowerCase() === name.toLowerCase())
  const options = [
    { value: NONE, label: 'Any parameter' },
    ...parameters.map((p) => ({ value: p.parameterName, label: p.displayName === p.parameterName ? p.parameterName : `${p.displayName} (${p.parameterName})` })),
    ...(name && !known ? [{ value: name, label: name }] : []),
  ]
  const selected = parameters.find((p) => p.parameterName.toLowerCase() === name.toLowerCase())?.parameterName ?? name
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        URL parameter
      </Label>
      <div role="group" aria-label="URL parameter" className="flex gap-1.5">
        <OptionSelect id={id} className="w-48" value={selected || NONE} onValueChange={choose} options={options} />
        <Input
          aria-label="URL parameter value"
          value={text}
          placeholder={name ? 'Value (exact)' : 'Pick a parameter'}
          autoComplete="off"
          disabled={!name}
          onChange={(event) => setText(event.target.value)}
          className="w-32"
        />
      </div>
    </div>
  )
}
