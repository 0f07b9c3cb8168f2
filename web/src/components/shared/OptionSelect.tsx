import type { Ref } from 'react'
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select'

export interface Option<V extends string = string> {
  value: V
  label: string
  disabled?: boolean
}

interface OptionSelectProps<V extends string> {
  value: V | ''
  onValueChange: (value: V) => void
  options: readonly Option<V>[]
  placeholder?: string
  id?: string
  disabled?: boolean
  className?: string
  'aria-label'?: string
  'aria-invalid'?: true | undefined
  'aria-describedby'?: string
  'aria-required'?: true | undefined
  onBlur?: () => void
  ref?: Ref<HTMLButtonElement>
}

/** A Radix select over a list of `{value, label}` options. */
export function OptionSelect<V extends string>({
  value,
  onValueChange,
  options,
  placeholder = 'Select…',
  className,
  disabled,
  onBlur,
  ref,
  ...aria
}: OptionSelectProps<V>) {
  return (
    <Select value={value || undefined} onValueChange={(v) => onValueChange(v as V)} disabled={disabled}>
      <SelectTrigger ref={ref} className={className} onBlur={onBlur} {...aria}>
        <SelectValue placeholder={placeholder} />
      </SelectTrigger>
      <SelectContent>
        {options.map((option) => (
          <SelectItem key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  )
}
