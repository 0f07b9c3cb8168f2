import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { useNavigate } from 'react-router'
import { toast } from 'sonner'
import { z } from 'zod'
import { useSavePool } from '@/api/pools'
import type { Pool } from '@/api/types'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Textarea } from '@/components/ui/textarea'
import { optionsOf, poolStatusLabels } from '@/lib/labels'
import { applyServerErrors } from '@/lib/serverErrors'

const schema = z.object({
  name: z.string().trim().min(1, 'Enter a pool name').max(100, 'At most 100 characters'),
  description: z.string().max(1000, 'At most 1000 characters'),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'Two letters, e.g. US'),
  status: z.enum(['active', 'inactive']),
})
type Values = z.infer<typeof schema>

export function PoolForm({ pool, onDone }: { pool?: Pool; onDone: () => void }) {
  const save = useSavePool()
  const navigate = useNavigate()
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: pool?.name ?? '',
      description: pool?.description ?? '',
      country: pool?.country ?? 'US',
      status: pool?.status ?? 'active',
    },
  })
  const {
    register,
    control,
    formState: { errors, isSubmitting },
  } = form
  const [failure, setFailure] = useState<string>()

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      const result = await save.mutateAsync({
        id: pool?.id,
        input: {
          name: values.name.trim(),
          description: values.description.trim() || null,
          country: values.country.toUpperCase(),
          status: values.status,
        },
      })
      onDone()
      if (pool) {
        toast.success('Pool saved')
      } else {
        toast.success(`Pool “${values.name.trim()}” created: now add its numbers`)
        navigate(`/pools/${result.id}`)
      }
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
      <FormField label="Pool name" required error={errors.name?.message}>
        {(p) => <Input {...p} autoComplete="off" {...register('name')} />}
      </FormField>
      <FormField label="Description" error={errors.description?.message}>
        {(p) => <Textarea {...p} rows={2} {...register('description')} />}
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Country" error={errors.country?.message} hint="Where the pool's numbers are.">
          {(p) => <Input {...p} maxLength={2} className="uppercase" {...register('country')} />}
        </FormField>
        <FormSelect control={control} name="status" label="Status" options={optionsOf(poolStatusLabels)} />
      </div>
      <div className="flex justify-end gap-2">
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          {pool ? 'Save changes' : 'Create pool'}
        </Button>
      </div>
    </form>
  )
}
