import { Controller, useFormContext } from 'react-hook-form'
import { FormField } from '@/components/shared/FormField'
import { FormSection } from '@/components/shared/FormSection'
import { FormSelect } from '@/components/shared/FormSelect'
import { FormSwitch } from '@/components/shared/FormSwitch'
import { TimeZoneSelect } from '@/components/shared/TimeZoneSelect'
import { Input } from '@/components/ui/input'
import { Textarea } from '@/components/ui/textarea'
import { duplicateActionLabels, optionsOf, routingStrategyLabels } from '@/lib/labels'
import type { CampaignFormValues } from './campaignForm'

const NO_LIMIT = 'No limit'

/** Step 4: routing, caps, duplicate callers, conversion, fallback, recording and tracking. */
export function AdvancedStep() {
  const {
    control,
    register,
    formState: { errors },
  } = useFormContext<CampaignFormValues>()
  return (
    <div className="flex flex-col gap-6">
      <FormSection title="Routing" description="How calls are spread over the campaign's buyers.">
        <FormSelect control={control} name="callRoutingStrategy" label="Call routing strategy" options={optionsOf(routingStrategyLabels)} />
        <FormField label="Call timeout (seconds)" required error={errors.callTimeout?.message} hint="Ring time per buyer, 5-120.">
          {(p) => <Input {...p} type="number" inputMode="numeric" min={5} max={120} {...register('callTimeout')} />}
        </FormField>
        <Controller
          control={control}
          name="timeZone"
          render={({ field, fieldState }) => (
            <FormField label="Time zone" error={fieldState.error?.message} hint="Caps and reports count days in this zone.">
              {(p) => <TimeZoneSelect {...p} value={field.value} onChange={field.onChange} />}
            </FormField>
          )}
        />
      </FormSection>

      <FormSection title="Caps" description="Leave empty for no limit. Hourly ≤ daily ≤ monthly.">
        <FormField label="Max concurrent calls" error={errors.maxConcurrentCalls?.message}>
          {(p) => <Input {...p} inputMode="numeric" placeholder={NO_LIMIT} {...register('maxConcurrentCalls')} />}
        </FormField>
        <FormField label="Hourly cap" error={errors.hourlyCap?.message}>
          {(p) => <Input {...p} inputMode="numeric" placeholder={NO_LIMIT} {...register('hourlyCap')} />}
        </FormField>
        <FormField label="Daily cap" error={errors.callCap?.message}>
          {(p) => <Input {...p} inputMode="numeric" placeholder={NO_LIMIT} {...register('callCap')} />}
        </FormField>
        <FormField label="Monthly cap" error={errors.monthlyCap?.message}>
          {(p) => <Input {...p} inputMode="numeric" placeholder={NO_LIMIT} {...register('monthlyCap')} />}
        </FormField>
      </FormSection>

      <FormSection title="Duplicate callers and conversions">
        <FormField
          label="Duplicate caller window (seconds)"
          required
          error={errors.duplicateCallerWindowSecs?.message}
          hint="A repeat call within this time is a duplicate; 0 turns the check off."
        >
          {(p) => <Input {...p} type="number" inputMode="numeric" min={0} {...register('duplicateCallerWindowSecs')} />}
        </FormField>
        <FormSelect control={control} name="duplicateCallerAction" label="Duplicate caller action" options={optionsOf(duplicateActionLabels)} />
        <FormField
          label="Minimum duration for a conversion (seconds)"
          required
          error={errors.minDurationSecs?.message}
          hint="Shorter calls are not paid."
        >
          {(p) => <Input {...p} type="number" inputMode="numeric" min={0} {...register('minDurationSecs')} />}
        </FormField>
      </FormSection>

      <FormSection title="Fallback" description="Used when no buyer can take a call.">
        <FormField label="Fallback number" error={errors.fallbackNumber?.message} hint="Any format, e.g. (212) 555-0100.">
          {(p) => <Input {...p} type="tel" autoComplete="off" {...register('fallbackNumber')} />}
        </FormField>
        <FormField label="Fallback message" error={errors.fallbackMessage?.message} className="sm:col-span-2">
          {(p) => <Textarea {...p} rows={2} placeholder="Read to the caller, e.g. “All agents are busy…”" {...register('fallbackMessage')} />}
        </FormField>
      </FormSection>

      <FormSection title="Recording and tracking">
        <FormSwitch control={control} name="recordingEnabled" label="Call recording" description="Record every call of this campaign." />
        <FormSwitch control={control} name="transcriptionEnabled" label="Transcription" description="Transcribe recorded calls." />
        <div className="hidden lg:block" />
        <FormField label="Webhook URL" error={errors.webhookUrl?.message} hint="Called with each call's details.">
          {(p) => <Input {...p} type="url" placeholder="https://" {...register('webhookUrl')} />}
        </FormField>
        <FormField label="Tracking pixel URL" error={errors.trackingPixelUrl?.message} hint="Fired on each conversion.">
          {(p) => <Input {...p} type="url" placeholder="https://" {...register('trackingPixelUrl')} />}
        </FormField>
      </FormSection>
    </div>
  )
}
