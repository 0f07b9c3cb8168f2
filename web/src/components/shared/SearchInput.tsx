import { Search } from 'lucide-react'
import { useId } from 'react'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { useDebouncedInput } from '@/hooks/useDebouncedInput'
import { cn } from '@/lib/utils'

/** A search box that reports its text once typing pauses (`delay` ms). */
export function SearchInput({
  label,
  value,
  onChange,
  placeholder,
  delay = 300,
  className,
}: {
  label: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  delay?: number
  className?: string
}) {
  const id = useId()
  const [text, setText] = useDebouncedInput(value, onChange, { delay })

  return (
    <div className={cn('flex flex-col gap-1.5', className)}>
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <div className="relative">
        <Search
          className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
          aria-hidden="true"
        />
        <Input
          id={id}
          type="search"
          value={text}
          placeholder={placeholder}
          onChange={(event) => setText(event.target.value)}
          className="w-64 max-w-full pl-8"
        />
      </div>
    </div>
  )
}
