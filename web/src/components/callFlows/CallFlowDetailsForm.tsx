import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { z } from 'zod'
import { FormField } from '@/components/shared/FormField'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Textarea } from '@/components/ui/textarea'
import { applyServerErrors } from '@/lib/serverErrors'

const schema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(100, 'At most 100 characters'),
  description: z.string().max(1000, 'At most 1000 characters'),
})
export type CallFlowDetails = z.infer<typeof schema>

/** Name and description of a flow: for a new one, and to rename one in the editor. */
export function CallFlowDetailsForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: CallFlowDetails
  submitLabel: string
  /** Throws the server's error to show it. */
  onSubmit: (values: { name: string; description: string | null }) => Promise<void>
  onCancel: () => void
}) {
  const form = useForm<CallFlowDetails>({ resolver: zodResolver(schema), defaultValues: initial ?? { name: '', description: '' } })
  const {
    register,
    formState: { errors, isSubmitting },
  } = form
  const [failure, setFailure] = useState<string>()
  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      await onSubmit({ name: values.name.trim(), description: values.description.trim() || null })
    } catch (error) {
      const outcome = applyServerErrors(form, error)
      if (!outcome.field) setFailure(outcome.message)
    }
  })
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-4">
      {failure && (
        <Alert variant="destructive" role="alert">
          <CircleAlert aria-hidden="true" />
          <span>{failure}</span>
        </Alert>
      )}
      <FormField label="Name" required error={errors.name?.message}>
        {(p) => <Input {...p} autoComplete="off" placeholder="e.g. Medicare intake" {...register('name')} />}
      </FormField>
      <FormField label="Description" error={errors.description?.message}>
        {(p) => <Textarea {...p} rows={2} {...register('description')} />}
      </FormField>
      <div className="flex justify-end gap-2">
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          {submitLabel}
        </Button>
      </div>
    </form>
  )
}
