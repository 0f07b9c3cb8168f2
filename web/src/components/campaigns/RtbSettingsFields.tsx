import { Info } from 'lucide-react'
import { useFormContext } from 'react-hook-form'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { Alert } from '@/components/ui/alert'
import { Input } from '@/components/ui/input'
import { optionsOf, rtbFallbackLabels } from '@/lib/labels'
import type { CampaignFormValues } from './campaignForm'

const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD'].map((c) => ({ value: c, label: c }))

/** Step 2 of an RTB campaign: the auction's settings and what happens when nobody bids. */
export function RtbSettingsFields() {
  const {
    control,
    register,
    formState: { errors },
  } = useFormContext<CampaignFormValues>()
  const targetsError = errors.rtbTargets?.message
  return (
    <div className="flex flex-col gap-5">
      <Alert role={targetsError ? 'alert' : undefined} variant={targetsError ? 'destructive' : 'default'}>
        <Info aria-hidden="true" />
        <div>
          <p className="font-medium">RTB targets</p>
          <p className={targetsError ? undefined : 'text-muted-foreground'} data-slot={targetsError ? 'field-error' : undefined}>
            {targetsError ??
              'Bidding targets are attached in RTB Management, which arrives in a later release. Until then an RTB campaign can be saved as a draft but not activated.'}
          </p>
        </div>
      </Alert>
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField label="Auction timeout (ms)" required error={errors.rtbAuctionTimeoutMs?.message} hint="How long bidders have to answer.">
          {(p) => <Input {...p} type="number" inputMode="numeric" min={100} max={30000} step={100} {...register('rtbAuctionTimeoutMs')} />}
        </FormField>
        <FormField label="Minimum bid" required error={errors.rtbMinBid?.message} hint="Bids below this are ignored.">
          {(p) => <Input {...p} inputMode="decimal" placeholder="0.00" {...register('rtbMinBid')} />}
        </FormField>
        <FormSelect control={control} name="rtbCurrency" label="Currency" options={CURRENCIES} />
        <FormSelect
          control={control}
          name="rtbFallback"
          label="When nobody bids"
          options={optionsOf(rtbFallbackLabels)}
          hint="The fallback number and message are set on the Advanced step."
        />
      </div>
    </div>
  )
}
