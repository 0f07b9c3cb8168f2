import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import { FormProvider, useForm, useWatch } from 'react-hook-form'
import { toast } from 'sonner'
import { useCampaignOptions } from '@/api/campaigns'
import { usePhoneNumberOptions, useSaveTag } from '@/api/dni'
import { usePoolOptions } from '@/api/pools'
import type { DniTag } from '@/api/types'
import { FormField } from '@/components/shared/FormField'
import { FormSection } from '@/components/shared/FormSection'
import { FormSelect } from '@/components/shared/FormSelect'
import { FormSwitch } from '@/components/shared/FormSwitch'
import { UnsavedChangesDialog } from '@/components/shared/UnsavedChangesDialog'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { Textarea } from '@/components/ui/textarea'
import { useUnsavedChanges } from '@/hooks/useUnsavedChanges'
import { formatPhone } from '@/lib/format'
import {
  dniAttributionModelLabels,
  dniDisplayFormatLabels,
  dniNumberSourceLabels,
  dniVisitorsLabels,
  optionsOf,
  poolStatusLabels,
} from '@/lib/labels'
import { applyServerErrors } from '@/lib/serverErrors'
import { SourceRulesEditor } from './SourceRulesEditor'
import {
  apiFieldToFormField,
  CAMPAIGN_POOL,
  DEFAULT_SELECTORS,
  MAX_SWAP_NUMBERS,
  tagFormDefaults,
  tagFormSchema,
  tagToValues,
  valuesToInput,
  type TagFormValues,
} from './tagForm'
import { usePermissions } from '@/hooks/usePermissions'

const wide = 'sm:col-span-2 lg:col-span-3'

/**
 * Create (no `tag`) or edit a tracking tag: every setting, grouped. A save sends the whole
 * tag (PUT resets what it leaves out); the server's 422 and 409 land on the field they name.
 */
export function TagForm({ tag, onSaved, onCancel }: { tag?: DniTag; onSaved: (id: number) => void; onCancel?: () => void }) {
  const save = useSaveTag()
  const { canWrite } = usePermissions()
  const writable = canWrite('dni')
  const campaigns = useCampaignOptions()
  const pools = usePoolOptions()
  const form = useForm<TagFormValues>({
    resolver: zodResolver(tagFormSchema),
    defaultValues: tag ? tagToValues(tag) : tagFormDefaults,
  })
  const {
    register,
    control,
    formState: { errors, isSubmitting, isDirty },
  } = form
  const [numberSource, visitors, model] = useWatch({ control, name: ['numberSource', 'visitors', 'attributionModel'] })
  const numbers = usePhoneNumberOptions(numberSource === 'static')
  const [failure, setFailure] = useState<string>()
  const { blocker, allowLeaving } = useUnsavedChanges(isDirty && !isSubmitting)

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      const result = await save.mutateAsync({ id: tag?.id, input: valuesToInput(values) })
      form.reset(values)
      allowLeaving()
      toast.success(tag ? 'Tag saved' : `Tracking tag “${values.name.trim() || values.tagCode.trim()}” created: now install its snippet`)
      onSaved(result.id)
    } catch (error) {
      const outcome = applyServerErrors(form, error, apiFieldToFormField)
      if (!outcome.field) setFailure(outcome.message)
    }
  })

  const campaignOptions = (campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))
  const poolOptions = [
    { value: CAMPAIGN_POOL, label: "The campaign's pool" },
    ...(pools.data?.items ?? []).map((p) => ({
      value: String(p.id),
      label: `${p.name} (${p.totalNumbers} numbers${p.status === 'active' ? '' : `, ${poolStatusLabels[p.status].toLowerCase()}`})`,
    })),
  ]
  const numberOptions = (numbers.data?.items ?? []).map((n) => ({
    value: String(n.id),
    label: n.friendlyName ? `${formatPhone(n.phoneNumber)} · ${n.friendlyName}` : formatPhone(n.phoneNumber),
  }))
  const optionsError = campaigns.error ?? pools.error ?? numbers.error

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={submit} aria-label={tag ? 'Tag settings' : 'New tracking tag'} className="flex flex-col gap-4">
        {failure && (
          <Alert variant="destructive" role="alert">
            <CircleAlert aria-hidden="true" />
            <span>{failure}</span>
          </Alert>
        )}
        {optionsError && (
          <Alert variant="destructive" role="alert">
            <CircleAlert aria-hidden="true" />
            <span className="flex-1">The campaigns, pools or numbers to choose from could not be loaded: {optionsError.message}</span>
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={() => {
                void campaigns.refetch()
                void pools.refetch()
                if (numberSource === 'static') void numbers.refetch()
              }}
            >
              Retry
            </Button>
          </Alert>
        )}
        {/* A role that may not change tags sees the settings, every control disabled. */}
        <fieldset disabled={!writable} className="contents">
        <Card className="flex flex-col gap-6 p-4 sm:p-6">
          <FormSection title="Basics" description="What the tag is called and whose calls it tracks.">
            <FormField label="Name" error={errors.name?.message} hint="Defaults to the tag code.">
              {(p) => <Input {...p} autoComplete="off" {...register('name')} />}
            </FormField>
            <FormField label="Tag code" required error={errors.tagCode?.message} hint="Letters, digits, _ and -; names the tag in the snippet.">
              {(p) => <Input {...p} autoComplete="off" spellCheck={false} placeholder="landing_page_v2" {...register('tagCode')} />}
            </FormField>
            <FormSelect
              control={control}
              name="campaignId"
              label="Campaign"
              required
              options={campaignOptions}
              placeholder={campaigns.isPending ? 'Loading campaigns…' : 'Choose a campaign'}
            />
            <FormField label="Description" error={errors.description?.message} className="sm:col-span-2">
              {(p) => <Textarea {...p} rows={2} {...register('description')} />}
            </FormField>
            <FormSelect control={control} name="status" label="Status" options={optionsOf(poolStatusLabels)} hint="An inactive tag leaves the page's numbers as they are." />
          </FormSection>

          <FormSection title="Numbers" description="Which number a visitor sees, and for how long it stays theirs.">
            <FormSelect control={control} name="numberSource" label="Number source" options={optionsOf(dniNumberSourceLabels)} className="sm:col-span-2" />
            {numberSource === 'static' ? (
              <FormSelect
                key="static"
                control={control}
                name="staticNumberId"
                label="Static number"
                required
                options={numberOptions}
                placeholder={numbers.isPending ? 'Loading numbers…' : 'Choose a number'}
              />
            ) : (
              <FormSelect
                key="pool"
                control={control}
                name="poolId"
                label="Number pool"
                options={poolOptions}
                hint="Each live visitor session holds one of its numbers."
              />
            )}
            <FormField label="Fallback number" error={errors.fallbackNumber?.message} hint="Shown when every pool number is taken, and to bots.">
              {(p) => <Input {...p} type="tel" autoComplete="off" placeholder="(800) 555-0199" {...register('fallbackNumber')} />}
            </FormField>
            <FormField label="Session length (minutes)" required error={errors.sessionMinutes?.message} hint="5-1440. Without a page view or heartbeat this long, the number goes back to the pool.">
              {(p) => <Input {...p} inputMode="numeric" {...register('sessionMinutes')} />}
            </FormField>
          </FormSection>

          <FormSection title="Page" description="Where on the page the number goes, and how it is written.">
            <FormField label="CSS selectors" required error={errors.selectors?.message} hint={`Their text and tel: links get the number. Default: ${DEFAULT_SELECTORS}`} className="sm:col-span-2">
              {(p) => <Input {...p} spellCheck={false} className="font-mono text-xs" {...register('selectors')} />}
            </FormField>
            <FormSelect control={control} name="displayFormat" label="Display format" options={optionsOf(dniDisplayFormatLabels)} />
            <FormField
              label="Numbers to swap"
              error={errors.swapNumbers?.message}
              hint={`One per line, at most ${MAX_SWAP_NUMBERS}: replaced wherever they appear on the page, in any usual format and in tel: links.`}
              className={wide}
            >
              {(p) => <Textarea {...p} rows={3} spellCheck={false} placeholder="(800) 555-0000" {...register('swapNumbers')} />}
            </FormField>
          </FormSection>

          <FormSection title="Visitors" description="Whom the tag tracks, and how it names their source.">
            <FormSelect control={control} name="visitors" label="Track" options={optionsOf(dniVisitorsLabels)} className="sm:col-span-2" />
            <SourceRulesEditor />
            {visitors === 'all' && <p className={`${wide} -mt-2 text-xs text-muted-foreground`}>With all visitors tracked, the rules only name sources; visits no rule matches keep their utm_source.</p>}
          </FormSection>

          <FormSection title="Privacy" description="Which sites may use the tag, and whether it waits for consent.">
            <FormField
              label="Allowed domains"
              error={errors.allowedDomains?.message}
              hint="One host name per line (example.com also allows its subdomains). Empty: any site."
              className="sm:col-span-2"
            >
              {(p) => <Textarea {...p} rows={3} spellCheck={false} placeholder="example.com" {...register('allowedDomains')} />}
            </FormField>
            <div className="self-start">
              <FormSwitch
                control={control}
                name="consentMode"
                label="Consent mode"
                description="Nothing is stored or sent until the page calls CallCenterDNI.consent()."
              />
            </div>
          </FormSection>

          <FormSection title="Attribution" description="How long and how a call is credited to a visit.">
            <FormField label="Attribution window (days)" required error={errors.attributionWindow?.message} hint="1-365. A call this long after a visit still counts.">
              {(p) => <Input {...p} inputMode="numeric" {...register('attributionWindow')} />}
            </FormField>
            <FormSelect control={control} name="attributionModel" label="Attribution model" options={optionsOf(dniAttributionModelLabels)} />
            {model === 'time_decay' && (
              <FormField label="Half-life (days)" required error={errors.halfLifeDays?.message} hint="1-365. A visit this old counts half as much.">
                {(p) => <Input {...p} inputMode="numeric" {...register('halfLifeDays')} />}
              </FormField>
            )}
          </FormSection>
        </Card>
        </fieldset>
        {writable && (
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          {onCancel && (
            <Button type="button" variant="outline" onClick={onCancel}>
              Cancel
            </Button>
          )}
          {tag && (
            <Button type="button" variant="outline" disabled={!isDirty || isSubmitting} onClick={() => form.reset()}>
              Discard changes
            </Button>
          )}
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
            {tag ? 'Save changes' : 'Create tag'}
          </Button>
        </div>
        )}
      </form>
      <UnsavedChangesDialog blocker={blocker} description="Your changes to this tag are not saved yet. If you leave now, they are lost." />
    </FormProvider>
  )
}
