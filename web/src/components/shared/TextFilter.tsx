import { useId } from 'react'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { useDebouncedInput } from '@/hooks/useDebouncedInput'
import { cn } from '@/lib/utils'

/**
 * A labelled text filter that reports its value once typing pauses. With `accept`, text
 * that does not pass is not sent and `invalidMessage` shows under the box.
 */
export function TextFilter({
  label,
  value,
  onChange,
  placeholder,
  accept,
  invalidMessage = 'Not a valid value',
  inputMode,
  className = 'w-32',
}: {
  label: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  accept?: (text: string) => boolean
  invalidMessage?: string | ((text: string) => string)
  inputMode?: 'text' | 'decimal' | 'numeric'
  className?: string
}) {
  const id = useId()
  const [text, setText] = useDebouncedInput(value, onChange, { accept })
  const trimmed = text.trim()
  const invalid = trimmed !== '' && accept !== undefined && !accept(trimmed)
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <Input
        id={id}
        value={text}
        placeholder={placeholder}
        inputMode={inputMode}
        autoComplete="off"
        onChange={(event) => setText(event.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        className={cn(className)}
      />
      {invalid && (
        <p id={`${id}-error`} className="text-xs text-destructive">
          {typeof invalidMessage === 'function' ? invalidMessage(trimmed) : invalidMessage}
        </p>
      )}
    </div>
  )
}
