import { useEffect, useMemo } from 'react'
import { useController, useFormContext, useWatch } from 'react-hook-form'
import { Link } from 'react-router'
import { CHART_TYPES, DIMENSIONS, type Dimension } from '@/api/reports'
import { useUrlParameters } from '@/api/urlParameters'
import { FormSelect } from '@/components/shared/FormSelect'
import { SegmentedControl } from '@/components/shared/SegmentedControl'
import { chartTypeLabels, dimensionLabels } from './reportFormat'
import { NONE, type ReportFormValues } from './reportForm'
import { findParameter, parameterOptions } from './urlParameterOptions'

const CHART_OPTIONS = CHART_TYPES.map((value) => ({ value, label: chartTypeLabels[value] }))

/**
 * What a report groups by (up to two dimensions) and how it is drawn. The URL parameter
 * dimension brings a select of the account's tracked parameters beside it; without any,
 * it cannot be chosen.
 */
export function ReportShapeFields() {
  const { control, getValues, setValue } = useFormContext<ReportFormValues>()
  const first = useWatch({ control, name: 'dimension1' })
  const second = useWatch({ control, name: 'dimension2' })
  const parameter = useWatch({ control, name: 'parameter' })
  const parameters = useUrlParameters()
  const tracked = useMemo(() => parameters.data ?? [], [parameters.data])
  // No second dimension without a first, nor the same one twice.
  useEffect(() => {
    const current = getValues('dimension2')
    if (current !== NONE && (first === NONE || current === first)) setValue('dimension2', NONE)
  }, [first, getValues, setValue])
  // A parameter named in another case (a saved report's) selects the tracked one.
  useEffect(() => {
    const known = findParameter(tracked, parameter)
    if (known && known.parameterName !== parameter) setValue('parameter', known.parameterName)
  }, [tracked, parameter, setValue])
  const chart = useController({ control, name: 'chartType' })

  const noParameters = parameters.data !== undefined && parameters.data.length === 0
  const option = (d: Dimension, disabled = false) => ({ value: d, label: dimensionLabels[d], disabled: disabled || (d === 'parameter' && noParameters) })
  const firstOptions = [{ value: NONE, label: 'None (totals only)' }, ...DIMENSIONS.map((d) => option(d))]
  const secondOptions = [{ value: NONE, label: 'None' }, ...DIMENSIONS.map((d) => option(d, d === first))]
  const hint = noParameters ? (
    <>
      Define URL parameters under{' '}
      <Link to="/integrations" className="underline underline-offset-2 hover:text-foreground">
        Integrations
      </Link>{' '}
      to group by one.
    </>
  ) : undefined
  const parameterSelect = (
    <FormSelect
      control={control}
      name="parameter"
      label="URL parameter"
      placeholder={parameters.isPending ? 'Loading parameters…' : 'Choose a parameter'}
      options={parameterOptions(tracked, parameter)}
      hint={parameters.isError ? 'The tracked parameters could not be loaded.' : undefined}
    />
  )
  return (
    <>
      <FormSelect control={control} name="dimension1" label="Group by" options={firstOptions} hint={hint} />
      {first === 'parameter' && parameterSelect}
      <FormSelect control={control} name="dimension2" label="Then by" options={secondOptions} disabled={first === NONE} />
      {second === 'parameter' && parameterSelect}
      <div className="flex flex-col gap-2">
        <span className="text-sm font-medium leading-none">Chart</span>
        <SegmentedControl label="Chart type" value={chart.field.value} options={CHART_OPTIONS} onChange={chart.field.onChange} />
      </div>
    </>
  )
}
