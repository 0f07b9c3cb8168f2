import type { ReactNode } from 'react'
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form'
import { FormField } from './FormField'
import { OptionSelect, type Option } from './OptionSelect'

interface FormSelectProps<T extends FieldValues> {
  control: Control<T>
  name: Path<T>
  label: ReactNode
  options: readonly Option[]
  hint?: ReactNode
  required?: boolean
  placeholder?: string
  disabled?: boolean
  className?: string
}

/** A select bound to a react-hook-form field, with its label and error. */
export function FormSelect<T extends FieldValues>({
  control,
  name,
  label,
  options,
  hint,
  required,
  placeholder,
  disabled,
  className,
}: FormSelectProps<T>) {
  const { field, fieldState } = useController({ control, name })
  return (
    <FormField label={label} error={fieldState.error?.message} hint={hint} required={required} className={className}>
      {(control) => (
        <OptionSelect
          {...control}
          ref={field.ref}
          value={(field.value as string) ?? ''}
          onValueChange={field.onChange}
          onBlur={field.onBlur}
          options={options}
          placeholder={placeholder}
          disabled={disabled}
        />
      )}
    </FormField>
  )
}
