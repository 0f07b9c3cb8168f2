import { useFormContext } from 'react-hook-form'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { Input } from '@/components/ui/input'
import { Textarea } from '@/components/ui/textarea'
import { campaignStatusLabels, optionsOf } from '@/lib/labels'
import type { CampaignFormValues } from './campaignForm'
import { CampaignTypeChoice } from './CampaignTypeChoice'

export function BasicInfoStep() {
  const {
    register,
    control,
    formState: { errors },
  } = useFormContext<CampaignFormValues>()
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <FormField label="Campaign name" required error={errors.name?.message}>
        {(p) => <Input {...p} autoComplete="off" placeholder="e.g. Home Insurance – East" {...register('name')} />}
      </FormField>
      <FormSelect
        control={control}
        name="status"
        label="Status"
        options={optionsOf(campaignStatusLabels)}
        hint="Active needs at least one active buyer and a number (direct) or pool numbers."
      />
      <FormField label="Description" error={errors.description?.message} className="sm:col-span-2">
        {(p) => <Textarea {...p} rows={3} placeholder="Optional notes for your team" {...register('description')} />}
      </FormField>
      <CampaignTypeChoice />
    </div>
  )
}
