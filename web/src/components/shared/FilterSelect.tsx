import { useId } from 'react'
import { Label } from '@/components/ui/label'
import { OptionSelect, type Option } from './OptionSelect'

const ALL = 'all'

/** A labelled filter select with an "All" choice that clears the filter (value ''). */
export function FilterSelect({
  label,
  value,
  onChange,
  options,
  allLabel = 'All',
  className = 'w-40',
}: {
  label: string
  value: string
  onChange: (value: string) => void
  options: readonly Option[]
  allLabel?: string
  className?: string
}) {
  const id = useId()
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <OptionSelect
        id={id}
        className={className}
        value={value || ALL}
        onValueChange={(v) => onChange(v === ALL ? '' : v)}
        options={[{ value: ALL, label: allLabel }, ...options]}
      />
    </div>
  )
}
