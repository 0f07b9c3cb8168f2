import { useFormContext, useWatch } from 'react-hook-form'
import { RANGES } from '@/api/reports'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { Input } from '@/components/ui/input'
import { rangeLabels } from './reportFormat'
import type { ReportFormValues } from './reportForm'

const RANGE_OPTIONS = RANGES.map((value) => ({ value, label: rangeLabels[value] }))

/** The report's days: a named range, or custom first and last days. */
export function ReportRangeFields() {
  const {
    control,
    register,
    formState: { errors },
  } = useFormContext<ReportFormValues>()
  const range = useWatch({ control, name: 'range' })
  return (
    <>
      <FormSelect control={control} name="range" label="Period" options={RANGE_OPTIONS} hint="Days in your time zone." />
      {range === 'custom' && (
        <>
          <FormField label="First day" required error={errors.from?.message}>
            {(p) => <Input {...p} type="date" {...register('from')} />}
          </FormField>
          <FormField label="Last day" required error={errors.to?.message} hint="At most 366 days.">
            {(p) => <Input {...p} type="date" {...register('to')} />}
          </FormField>
        </>
      )}
    </>
  )
}
