import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import { Controller, useForm } from 'react-hook-form'
import type { Buyer, BuyerInput } from '@/api/types'
import { FormField } from '@/components/shared/FormField'
import { FormSection } from '@/components/shared/FormSection'
import { FormSelect } from '@/components/shared/FormSelect'
import { TimeZoneSelect } from '@/components/shared/TimeZoneSelect'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { DialogBody, DialogFooter } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { buyerStatusLabels, optionsOf } from '@/lib/labels'
import { applyServerErrors } from '@/lib/serverErrors'
import { buyerFieldFor, buyerFormSchema, buyerToValues, defaultBuyerValues, valuesToBuyerInput, type BuyerFormValues } from './buyerForm'
import { ScheduleEditor } from './ScheduleEditor'

const PRIORITIES = Array.from({ length: 10 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))
const NO_LIMIT = 'No limit'

/**
 * Every field of a buyer, laid out for a `layout="sections"` dialog (fields scroll, the
 * Save/Cancel bar stays below them); `onSave` rejects with the server's error, shown on its field.
 */
export function BuyerForm({
  buyer,
  onSave,
  onCancel,
}: {
  buyer?: Buyer
  onSave: (input: BuyerInput) => Promise<unknown>
  onCancel: () => void
}) {
  const form = useForm<BuyerFormValues>({
    resolver: zodResolver(buyerFormSchema),
    defaultValues: buyer ? buyerToValues(buyer) : defaultBuyerValues(),
    mode: 'onTouched',
  })
  const {
    register,
    control,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = form
  const [failure, setFailure] = useState<string>()

  const submit = handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      await onSave(valuesToBuyerInput(values))
    } catch (error) {
      const outcome = applyServerErrors(form, error, buyerFieldFor)
      if (!outcome.field) setFailure(outcome.message)
    }
  })

  return (
    <form noValidate onSubmit={submit} className="flex min-h-0 flex-1 flex-col" aria-label={buyer ? 'Edit buyer' : 'Add buyer'}>
      <DialogBody className="flex flex-col gap-6">
        {failure && (
          <Alert variant="destructive" role="alert">
            <CircleAlert aria-hidden="true" />
            <span>{failure}</span>
          </Alert>
        )}
        <FormSection title="Contact">
          <FormField label="Name" required error={errors.name?.message}>
            {(p) => <Input {...p} autoComplete="off" {...register('name')} />}
          </FormField>
          <FormField label="Company" error={errors.company?.message}>
            {(p) => <Input {...p} autoComplete="off" {...register('company')} />}
          </FormField>
          <FormField label="Email" error={errors.email?.message}>
            {(p) => <Input {...p} type="email" autoComplete="off" {...register('email')} />}
          </FormField>
        </FormSection>

        <FormSection title="Routing" description="Calls are sent to the phone number; the backup is tried when it does not answer.">
          <FormField label="Phone" required error={errors.phone?.message} hint="Any format; US without a country code.">
            {(p) => <Input {...p} type="tel" autoComplete="off" placeholder="(212) 555-0100" {...register('phone')} />}
          </FormField>
          <FormField label="Backup phone" error={errors.backupPhone?.message}>
            {(p) => <Input {...p} type="tel" autoComplete="off" {...register('backupPhone')} />}
          </FormField>
          <FormSelect control={control} name="priority" label="Priority" options={PRIORITIES} hint="1 is tried first." />
          <FormSelect control={control} name="status" label="Status" options={optionsOf(buyerStatusLabels)} />
          <FormField label="Payout per call" required error={errors.payout?.message} hint="Paid per converted call.">
            {(p) => <Input {...p} inputMode="decimal" placeholder="25.00" {...register('payout')} />}
          </FormField>
        </FormSection>

        <FormSection title="Capacity" description="Leave empty for no limit. Hourly ≤ daily ≤ monthly.">
          <FormField label="Max concurrent calls" error={errors.maxConcurrentCalls?.message}>
            {(p) => <Input {...p} inputMode="numeric" placeholder={NO_LIMIT} {...register('maxConcurrentCalls')} />}
          </FormField>
          <FormField label="Hourly cap" error={errors.hourlyCap?.message}>
            {(p) => <Input {...p} inputMode="numeric" placeholder={NO_LIMIT} {...register('hourlyCap')} />}
          </FormField>
          <FormField label="Daily cap" error={errors.dailyCallCap?.message}>
            {(p) => <Input {...p} inputMode="numeric" placeholder={NO_LIMIT} {...register('dailyCallCap')} />}
          </FormField>
          <FormField label="Monthly cap" error={errors.monthlyCap?.message}>
            {(p) => <Input {...p} inputMode="numeric" placeholder={NO_LIMIT} {...register('monthlyCap')} />}
          </FormField>
        </FormSection>

        <fieldset className="flex flex-col gap-4 border-t border-border pt-5">
          <legend className="text-sm font-semibold">Schedule</legend>
          <Controller
            control={control}
            name="timeZone"
            render={({ field, fieldState }) => (
              <FormField label="Time zone" error={fieldState.error?.message} className="sm:max-w-xs">
                {(p) => <TimeZoneSelect {...p} value={field.value} onChange={field.onChange} />}
              </FormField>
            )}
          />
          <Controller
            control={control}
            name="schedule"
            render={({ field, fieldState }) => (
              <ScheduleEditor value={field.value} onChange={field.onChange} error={fieldState.error?.message} />
            )}
          />
        </fieldset>

      </DialogBody>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          {buyer ? 'Save changes' : 'Add buyer'}
        </Button>
      </DialogFooter>
    </form>
  )
}
