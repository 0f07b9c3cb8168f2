import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useEffect, useState } from 'react'
import { FormProvider, useForm, useWatch } from 'react-hook-form'
import type { RtbTarget, RtbTargetInput } from '@/api/rtb'
import { FormField } from '@/components/shared/FormField'
import { FormSection } from '@/components/shared/FormSection'
import { FormSelect } from '@/components/shared/FormSelect'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { DialogBody, DialogFooter } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Textarea } from '@/components/ui/textarea'
import { applyServerErrors } from '@/lib/serverErrors'
import { RtbAuthFields } from './RtbAuthFields'
import { RtbHeadersEditor } from './RtbHeadersEditor'
import { defaultRtbTargetValues, EXAMPLE_TEMPLATE, rtbTargetFieldFor, rtbTargetFormSchema, rtbTargetToValues, valuesToRtbTargetInput, type RtbTargetFormValues } from './rtbTargetForm'

const METHODS = ['POST', 'GET', 'PUT'].map((m) => ({ value: m, label: m }))
const CONTENT_TYPES = [
  { value: 'json', label: 'JSON (application/json)' },
  { value: 'xml', label: 'XML (application/xml)' },
  { value: 'form', label: 'Form (x-www-form-urlencoded)' },
]
export const RTB_STATUSES = [
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
  { value: 'testing', label: 'Testing' },
]
const NO_LIMIT = 'No limit'

/**
 * Every field of an RTB target, laid out for a `layout="sections"` dialog (fields scroll, the
 * Save/Cancel bar stays below them); `onSave` rejects with the server's error, shown on its field.
 */
export function RtbTargetForm({ target, onSave, onCancel }: { target?: RtbTarget; onSave: (input: RtbTargetInput) => Promise<unknown>; onCancel: () => void }) {
  const form = useForm<RtbTargetFormValues>({
    resolver: zodResolver(rtbTargetFormSchema),
    defaultValues: target ? rtbTargetToValues(target) : defaultRtbTargetValues(),
    mode: 'onTouched',
  })
  const { register, control, handleSubmit, formState: { errors, isSubmitting } } = form
  const [failure, setFailure] = useState<string>()
  const contentType = useWatch({ control, name: 'contentType' })

  // A new target starts with the spec's example JSON template, dropped for XML and form bodies.
  useEffect(() => {
    if (target) return
    const current = form.getValues('requestTemplate')
    if (contentType !== 'json' && current === EXAMPLE_TEMPLATE) form.setValue('requestTemplate', '')
    else if (contentType === 'json' && current.trim() === '') form.setValue('requestTemplate', EXAMPLE_TEMPLATE)
  }, [contentType, target, form])

  const submit = handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      await onSave(valuesToRtbTargetInput(values))
    } catch (error) {
      const outcome = applyServerErrors(form, error, rtbTargetFieldFor)
      if (!outcome.field) setFailure(outcome.message)
    }
  })

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={submit} className="flex min-h-0 flex-1 flex-col" aria-label={target ? 'Edit RTB target' : 'Add RTB target'}>
        <DialogBody className="flex flex-col gap-6">
          {failure && (
            <Alert variant="destructive" role="alert">
              <CircleAlert aria-hidden="true" />
              <span>{failure}</span>
            </Alert>
          )}
          <FormSection title="Basic information">
            <FormField label="Target name" required error={errors.name?.message}>
              {(p) => <Input {...p} autoComplete="off" {...register('name')} />}
            </FormField>
            <FormField label="Company" error={errors.company?.message}>
              {(p) => <Input {...p} autoComplete="off" {...register('company')} />}
            </FormField>
            <FormField label="Contact email" error={errors.contactEmail?.message}>
              {(p) => <Input {...p} type="email" autoComplete="off" {...register('contactEmail')} />}
            </FormField>
            <FormField label="Contact phone" error={errors.contactPhone?.message}>
              {(p) => <Input {...p} type="tel" autoComplete="off" {...register('contactPhone')} />}
            </FormField>
            <FormSelect control={control} name="status" label="Status" options={RTB_STATUSES} />
          </FormSection>

          <FormSection title="Endpoint">
            <FormField label="Endpoint URL" required error={errors.endpointUrl?.message} className="sm:col-span-2">
              {(p) => <Input {...p} type="url" autoComplete="off" placeholder="https://bidder.example.com/bid" {...register('endpointUrl')} />}
            </FormField>
            <FormSelect control={control} name="requestMethod" label="Method" options={METHODS} />
            <FormSelect control={control} name="contentType" label="Content type" options={CONTENT_TYPES} />
            <FormField label="Timeout (ms)" required error={errors.timeoutMs?.message}>
              {(p) => <Input {...p} inputMode="numeric" {...register('timeoutMs')} />}
            </FormField>
            <RtbAuthFields target={target} />
            <RtbHeadersEditor />
          </FormSection>

          <FormSection title="Request template" description="Variables: {requestId}, {campaignId}, {callerId}, {callStartTime}, {callerState}, {callerZip}, {minBid}, {maxBid}.">
            <FormField label="Request body template" error={errors.requestTemplate?.message} hint="A JSON object for JSON targets; the raw body for XML and form targets." className="sm:col-span-2 lg:col-span-3">
              {(p) => <Textarea {...p} rows={10} className="font-mono text-xs" spellCheck={false} {...register('requestTemplate')} />}
            </FormField>
          </FormSection>

          <FormSection title="Response parsing" description="Paths such as bidAmount, $.bid.amount or $.bids[0].amount.">
            <FormField label="Bid amount path" error={errors.bidAmountPath?.message}>
              {(p) => <Input {...p} autoComplete="off" {...register('bidAmountPath')} />}
            </FormField>
            <FormField label="Destination number path" error={errors.destinationNumberPath?.message}>
              {(p) => <Input {...p} autoComplete="off" {...register('destinationNumberPath')} />}
            </FormField>
            <FormField label="Acceptance path" error={errors.acceptancePath?.message} hint="Optional: otherwise a bid above zero is accepted.">
              {(p) => <Input {...p} autoComplete="off" {...register('acceptancePath')} />}
            </FormField>
            <FormField label="Currency path" error={errors.currencyPath?.message} hint="Optional.">
              {(p) => <Input {...p} autoComplete="off" {...register('currencyPath')} />}
            </FormField>
          </FormSection>

          <FormSection title="Caps and bids">
            <FormField label="Max concurrent calls" error={errors.maxConcurrentCalls?.message}>
              {(p) => <Input {...p} inputMode="numeric" placeholder={NO_LIMIT} {...register('maxConcurrentCalls')} />}
            </FormField>
            <FormField label="Hourly cap" error={errors.hourlyCap?.message}>
              {(p) => <Input {...p} inputMode="numeric" placeholder={NO_LIMIT} {...register('hourlyCap')} />}
            </FormField>
            <FormField label="Daily cap" error={errors.dailyCap?.message}>
              {(p) => <Input {...p} inputMode="numeric" placeholder={NO_LIMIT} {...register('dailyCap')} />}
            </FormField>
            <FormField label="Min bid" required error={errors.minBid?.message}>
              {(p) => <Input {...p} inputMode="decimal" {...register('minBid')} />}
            </FormField>
            <FormField label="Max bid" required error={errors.maxBid?.message}>
              {(p) => <Input {...p} inputMode="decimal" {...register('maxBid')} />}
            </FormField>
            <FormField label="Currency" required error={errors.currency?.message}>
              {(p) => <Input {...p} autoComplete="off" maxLength={3} {...register('currency')} />}
            </FormField>
          </FormSection>
        </DialogBody>

        <DialogFooter>
          <Button type="button" variant="outline" onClick={onCancel} disabled={isSubmitting}>
            Cancel
          </Button>
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
            {target ? 'Save changes' : 'Add target'}
          </Button>
        </DialogFooter>
      </form>
    </FormProvider>
  )
}
