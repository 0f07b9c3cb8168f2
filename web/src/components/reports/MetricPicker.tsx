import { useId } from 'react'
import { useController, useFormContext } from 'react-hook-form'
import { METRICS, type Metric } from '@/api/reports'
import { Checkbox } from '@/components/ui/checkbox'
import { metricLabels } from './reportFormat'
import type { ReportFormValues } from './reportForm'

/**
 * The metrics of a report as checkboxes. The order they are ticked in is kept: rows of a
 * report by campaign, buyer, state… are ranked by the first one.
 */
export function MetricPicker() {
  const { control } = useFormContext<ReportFormValues>()
  const { field, fieldState } = useController({ control, name: 'metrics' })
  const id = useId()
  const selected = field.value
  const errorId = fieldState.error ? `${id}-error` : undefined

  const toggle = (metric: Metric, on: boolean) => {
    field.onChange(on ? [...selected.filter((m) => m !== metric), metric] : selected.filter((m) => m !== metric))
    field.onBlur()
  }

  return (
    <fieldset className="flex flex-col gap-2 sm:col-span-2 lg:col-span-3" aria-describedby={errorId} aria-invalid={fieldState.error ? true : undefined}>
      <legend className="mb-2 text-sm font-medium">
        Metrics<span className="ml-0.5 text-destructive" aria-hidden="true">*</span>
      </legend>
      <div className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3 lg:grid-cols-5">
        {METRICS.map((metric) => {
          const checkboxId = `${id}-${metric}`
          const position = selected.indexOf(metric)
          return (
            <div key={metric} className="flex items-center gap-2">
              <Checkbox
                id={checkboxId}
                ref={position === 0 || (selected.length === 0 && metric === METRICS[0]) ? field.ref : undefined}
                checked={position >= 0}
                onCheckedChange={(checked) => toggle(metric, checked === true)}
              />
              <label htmlFor={checkboxId} className="text-sm">
                {metricLabels[metric]}
              </label>
            </div>
          )
        })}
      </div>
      {fieldState.error ? (
        <p id={errorId} className="text-xs text-destructive" data-slot="field-error">
          {fieldState.error.message}
        </p>
      ) : (
        selected.length > 1 && (
          <p className="text-xs text-muted-foreground">Rows are ranked by {metricLabels[selected[0] as Metric].toLowerCase()}, the first metric ticked.</p>
        )
      )}
    </fieldset>
  )
}
