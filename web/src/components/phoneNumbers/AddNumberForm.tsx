import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { toast } from 'sonner'
import { z } from 'zod'
import { useCreatePhoneNumber } from '@/api/phoneNumbers'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { formatPhone } from '@/lib/format'
import { numberStatusLabels, numberTypeLabels, optionsOf } from '@/lib/labels'
import { applyServerErrors } from '@/lib/serverErrors'

const schema = z.object({
  phoneNumber: z
    .string()
    .trim()
    .refine((v) => v.replace(/\D/g, '').length >= 7, 'Enter a phone number, e.g. (212) 555-0100'),
  friendlyName: z.string().trim().max(100, 'At most 100 characters'),
  type: z.enum(['local', 'toll_free', 'mobile']),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'Two letters, e.g. US'),
  status: z.enum(['active', 'inactive', 'suspended']),
})
type Values = z.infer<typeof schema>

export function AddNumberForm({ onDone }: { onDone: () => void }) {
  const create = useCreatePhoneNumber()
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { phoneNumber: '', friendlyName: '', type: 'local', country: 'US', status: 'active' },
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
      const created = await create.mutateAsync({
        phoneNumber: values.phoneNumber,
        friendlyName: values.friendlyName || undefined,
        type: values.type,
        country: values.country.toUpperCase(),
        status: values.status,
      })
      toast.success(`${formatPhone(created.phoneNumber)} added`)
      onDone()
    } catch (error) {
      // A duplicate number is a 409 that names `phoneNumber`.
      const outcome = applyServerErrors(form, error, { number: 'phoneNumber' })
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
      <FormField label="Phone number" required error={errors.phoneNumber?.message} hint="Any format; US without a country code.">
        {(p) => <Input {...p} type="tel" autoComplete="off" placeholder="(212) 555-0100" {...register('phoneNumber')} />}
      </FormField>
      <FormField label="Friendly name" error={errors.friendlyName?.message}>
        {(p) => <Input {...p} autoComplete="off" placeholder="e.g. Google Ads – NYC" {...register('friendlyName')} />}
      </FormField>
      <div className="grid gap-4 sm:grid-cols-3">
        <FormSelect control={control} name="type" label="Type" options={optionsOf(numberTypeLabels)} />
        <FormField label="Country" error={errors.country?.message}>
          {(p) => <Input {...p} maxLength={2} className="uppercase" {...register('country')} />}
        </FormField>
        <FormSelect control={control} name="status" label="Status" options={optionsOf(numberStatusLabels)} />
      </div>
      <div className="flex justify-end gap-2">
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          Add number
        </Button>
      </div>
    </form>
  )
}
