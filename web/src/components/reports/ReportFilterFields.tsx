import { useFormContext, useWatch } from 'react-hook-form'
import { useBuyerOptions } from '@/api/buyers'
import { useCampaignOptions } from '@/api/campaigns'
import { useRtbTargetOptions } from '@/api/rtb'
import { useUrlParameters } from '@/api/urlParameters'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Input } from '@/components/ui/input'
import { callStatusLabels, optionsOf } from '@/lib/labels'
import { ALL, NONE, type ReportFormValues } from './reportForm'
import { parameterOptions } from './urlParameterOptions'

/**
 * Which calls a report counts: the call list's filters, from the campaign, buyer and RTB target
 * lists, and a tracked URL parameter's exact value (offered when the account tracks some).
 */
export function ReportFilterFields() {
  const {
    control,
    register,
    formState: { errors },
  } = useFormContext<ReportFormValues>()
  const campaigns = useCampaignOptions()
  const buyers = useBuyerOptions()
  const targets = useRtbTargetOptions()
  const parameters = useUrlParameters()
  const paramName = useWatch({ control, name: 'paramName' })
  const all = (label: string) => ({ value: ALL, label })
  const failed = [campaigns, buyers, targets, parameters].filter((q) => q.isError)
  const tracked = parameters.data ?? []
  return (
    <>
      {failed[0]?.error && (
        <div className="sm:col-span-2 lg:col-span-3">
          <QueryErrorAlert
            title="Some filter choices could not be loaded."
            error={failed[0].error}
            onRetry={() => failed.forEach((q) => void q.refetch())}
            retrying={failed.some((q) => q.isFetching)}
          />
        </div>
      )}
      <FormSelect
        control={control}
        name="campaignId"
        label="Campaign"
        options={[all('All campaigns'), ...(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))]}
      />
      <FormSelect
        control={control}
        name="buyerId"
        label="Buyer"
        options={[all('All buyers'), ...(buyers.data?.items ?? []).map((b) => ({ value: String(b.id), label: b.name }))]}
      />
      <FormSelect control={control} name="status" label="Call status" options={[all('All statuses'), ...optionsOf(callStatusLabels)]} />
      <FormSelect
        control={control}
        name="rtbTargetId"
        label="RTB target"
        options={[all('All RTB targets'), ...(targets.data?.items ?? []).map((t) => ({ value: String(t.id), label: t.name }))]}
      />
      <FormField label="Caller state" error={errors.callerState?.message} hint="Two letters, such as CA.">
        {(p) => <Input {...p} autoComplete="off" placeholder="Any" {...register('callerState')} />}
      </FormField>
      <FormField label="Source" error={errors.source?.message} hint="The call's utm_source.">
        {(p) => <Input {...p} autoComplete="off" placeholder="Any" {...register('source')} />}
      </FormField>
      <FormField label="Medium" error={errors.medium?.message} hint="The call's utm_medium, such as cpc.">
        {(p) => <Input {...p} autoComplete="off" placeholder="Any" {...register('medium')} />}
      </FormField>
      <FormField label="Ad campaign" error={errors.utmCampaign?.message} hint="The call's utm_campaign.">
        {(p) => <Input {...p} autoComplete="off" placeholder="Any" {...register('utmCampaign')} />}
      </FormField>
      <FormField label="Term" error={errors.utmTerm?.message} hint="The call's utm_term, such as a keyword.">
        {(p) => <Input {...p} autoComplete="off" placeholder="Any" {...register('utmTerm')} />}
      </FormField>
      <FormField label="Content" error={errors.utmContent?.message} hint="The call's utm_content, such as an ad variant.">
        {(p) => <Input {...p} autoComplete="off" placeholder="Any" {...register('utmContent')} />}
      </FormField>
      {(tracked.length > 0 || paramName !== NONE) && (
        <div role="group" aria-label="URL parameter filter" className="flex gap-2 sm:col-span-2">
          <FormSelect
            control={control}
            name="paramName"
            label="URL parameter"
            className="min-w-0 flex-1"
            options={[{ value: NONE, label: 'Any parameter' }, ...parameterOptions(tracked, paramName === NONE ? '' : paramName)]}
          />
          <FormField label="Value" error={errors.paramValue?.message} hint="Exact." className="w-32 shrink-0 sm:w-48">
            {(p) => <Input {...p} autoComplete="off" placeholder={paramName === NONE ? 'Pick a parameter' : 'Value'} disabled={paramName === NONE} {...register('paramValue')} />}
          </FormField>
        </div>
      )}
    </>
  )
}
