import { useEffect } from 'react'
import { useController, useFormContext, useWatch } from 'react-hook-form'
import { CHART_TYPES, DIMENSIONS } from '@/api/reports'
import { FormSelect } from '@/components/shared/FormSelect'
import { SegmentedControl } from '@/components/shared/SegmentedControl'
import { chartTypeLabels, dimensionLabels } from './reportFormat'
import { NONE, type ReportFormValues } from './reportForm'

const CHART_OPTIONS = CHART_TYPES.map((value) => ({ value, label: chartTypeLabels[value] }))

/** What a report groups by (up to two dimensions) and how it is drawn. */
export function ReportShapeFields() {
  const { control, getValues, setValue } = useFormContext<ReportFormValues>()
  const first = useWatch({ control, name: 'dimension1' })
  // No second dimension without a first, nor the same one twice.
  useEffect(() => {
    const second = getValues('dimension2')
    if (second !== NONE && (first === NONE || second === first)) setValue('dimension2', NONE)
  }, [first, getValues, setValue])
  const chart = useController({ control, name: 'chartType' })
  const firstOptions = [{ value: NONE, label: 'None (totals only)' }, ...DIMENSIONS.map((d) => ({ value: d, label: dimensionLabels[d] }))]
  const secondOptions = [
    { value: NONE, label: 'None' },
    ...DIMENSIONS.map((d) => ({ value: d, label: dimensionLabels[d], disabled: d === first })),
  ]
  return (
    <>
      <FormSelect control={control} name="dimension1" label="Group by" options={firstOptions} />
      <FormSelect control={control} name="dimension2" label="Then by" options={secondOptions} disabled={first === NONE} />
      <div className="flex flex-col gap-2">
        <span className="text-sm font-medium leading-none">Chart</span>
        <SegmentedControl label="Chart type" value={chart.field.value} options={CHART_OPTIONS} onChange={chart.field.onChange} />
      </div>
    </>
  )
}
