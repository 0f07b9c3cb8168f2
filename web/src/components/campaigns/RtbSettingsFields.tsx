import { Layers, Phone } from 'lucide-react'
import { Link } from 'react-router'
import { useController, useFormContext, useWatch } from 'react-hook-form'
import type { Campaign } from '@/api/types'
import { RtbTargetRowsEditor } from '@/components/rtb/RtbTargetRowsEditor'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { Input } from '@/components/ui/input'
import { optionsOf, rtbFallbackLabels } from '@/lib/labels'
import type { CampaignFormValues } from './campaignForm'
import { DirectNumbersPicker } from './DirectNumbersPicker'
import { RadioCards, type RadioCard } from './RadioCards'
import { PoolAllocationFields } from './PoolAllocationFields'

const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD'].map((c) => ({ value: c, label: c }))

/**
 * Step 2 of an RTB campaign: the auction's settings, the targets that bid, and its tracking
 * numbers, picked one by one or allocated from a number pool.
 */
export function RtbSettingsFields({ campaign }: { campaign?: Campaign }) {
  const {
    control,
    register,
    formState: { errors },
  } = useFormContext<CampaignFormValues>()
  const targets = useController({ control, name: 'rtbTargets' })
  const source = useWatch({ control, name: 'rtbNumberSource' })
  const rtbCampaign = campaign?.type === 'rtb' ? campaign : undefined
  // Numbers the saved campaign holds from its pool (the pool step counts them as allocated).
  const poolNumbersHeld = rtbCampaign?.poolId != null ? rtbCampaign.phoneNumbers.filter((n) => n.poolId === rtbCampaign.poolId).length : 0
  const targetsError = targets.fieldState.error?.message
  return (
    <div className="flex flex-col gap-8">
      <fieldset className="flex flex-col gap-5">
        <legend className="mb-3 text-sm font-medium">Auction</legend>
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
      </fieldset>
      <fieldset
        ref={targets.field.ref}
        tabIndex={-1}
        className="flex flex-col gap-3 outline-none"
        aria-invalid={targetsError ? true : undefined}
      >
        <legend className="text-sm font-medium">RTB targets</legend>
        <p className="-mt-1 text-sm text-muted-foreground">
          The bidders pinged for each call. Going live needs at least one enabled, active target. Targets are created in{' '}
          <Link to="/rtb-management" className="underline underline-offset-2">
            RTB Management
          </Link>
          .
        </p>
        {targetsError && (
          <p role="alert" className="text-sm text-destructive" data-slot="field-error">
            {targetsError}
          </p>
        )}
        <RtbTargetRowsEditor rows={targets.field.value} onChange={targets.field.onChange} />
      </fieldset>
      <RtbNumberSourceChoice />
      {source === 'pool' ? (
        <PoolAllocationFields assignedCount={poolNumbersHeld} />
      ) : (
        <DirectNumbersPicker assigned={rtbCampaign ? rtbCampaign.phoneNumbers : []} />
      )}
    </div>
  )
}

const SOURCES: RadioCard<CampaignFormValues['rtbNumberSource']>[] = [
  { value: 'numbers', title: 'Individual numbers', description: 'Tick the tracking numbers this campaign answers on.', icon: Phone },
  { value: 'pool', title: 'A number pool', description: 'Numbers are allocated from one of your pools.', icon: Layers },
]

/** Where an RTB campaign's tracking numbers come from, as two radio cards. */
function RtbNumberSourceChoice() {
  return <RadioCards name="rtbNumberSource" legend="Where the tracking numbers come from" cards={SOURCES} gridClassName="sm:grid-cols-2" />
}
