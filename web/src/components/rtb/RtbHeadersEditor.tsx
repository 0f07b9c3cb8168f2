import { Plus, Trash2 } from 'lucide-react'
import { useFieldArray, useFormContext } from 'react-hook-form'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import type { RtbTargetFormValues } from './rtbTargetForm'

/** Custom request headers as key/value rows. */
export function RtbHeadersEditor() {
  const { control, register, formState } = useFormContext<RtbTargetFormValues>()
  const { fields, append, remove } = useFieldArray({ control, name: 'headers' })
  const error = formState.errors.headers?.message ?? formState.errors.headers?.root?.message
  return (
    <div className="flex flex-col gap-2 sm:col-span-2 lg:col-span-3">
      <span className="text-sm font-medium">Custom headers</span>
      {fields.length === 0 && <p className="text-xs text-muted-foreground">No custom headers.</p>}
      {fields.map((field, index) => (
        <div key={field.id} className="flex gap-2">
          <Input aria-label={`Header ${index + 1} name`} placeholder="X-Header" {...register(`headers.${index}.key`)} />
          <Input aria-label={`Header ${index + 1} value`} placeholder="value" {...register(`headers.${index}.value`)} />
          <Button type="button" variant="ghost" size="icon" aria-label={`Remove header ${index + 1}`} onClick={() => remove(index)}>
            <Trash2 aria-hidden="true" />
          </Button>
        </div>
      ))}
      {error && <p className="text-xs text-destructive">{error}</p>}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => append({ key: '', value: '' })}>
          <Plus aria-hidden="true" />
          Add header
        </Button>
      </div>
    </div>
  )
}
