import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle, Play, Save } from 'lucide-react'
import { useState } from 'react'
import { FormProvider, useForm } from 'react-hook-form'
import type { ExportFormat, ReportSpec } from '@/api/reports'
import { FormSection } from '@/components/shared/FormSection'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { applyServerErrors } from '@/lib/serverErrors'
import { MetricPicker } from './MetricPicker'
import { ReportExportButtons } from './ReportExportButtons'
import { ReportFilterFields } from './ReportFilterFields'
import { reportFieldFor, reportFormSchema, specToValues, valuesToSpec, type ReportFormValues } from './reportForm'
import { ReportRangeFields } from './ReportRangeFields'
import { ReportShapeFields } from './ReportShapeFields'
import { usePermissions } from '@/hooks/usePermissions'

interface ReportBuilderProps {
  /** The spec the form starts from (remount with a new `key` to load another). */
  initialSpec: ReportSpec
  running: boolean
  /** Each action gets the checked spec; a rejection with the server's 422 lands on its field. */
  onRun: (spec: ReportSpec) => Promise<unknown>
  onExport: (spec: ReportSpec, format: ExportFormat) => Promise<unknown>
  onSave: (spec: ReportSpec) => void
  saveLabel: string
}

/** Dimensions, metrics, period, filters and chart of a report, with Run, Save and exports. */
export function ReportBuilder({ initialSpec, running, onRun, onExport, onSave, saveLabel }: ReportBuilderProps) {
  const form = useForm<ReportFormValues>({
    resolver: zodResolver(reportFormSchema),
    defaultValues: specToValues(initialSpec),
    mode: 'onTouched',
  })
  const [failure, setFailure] = useState<string>()
  const { canWrite, denied } = usePermissions()

  const withSpec = (action: (spec: ReportSpec) => Promise<unknown> | void) =>
    form.handleSubmit(async (values) => {
      setFailure(undefined)
      try {
        await action(valuesToSpec(values))
      } catch (error) {
        const outcome = applyServerErrors(form, error, reportFieldFor)
        if (!outcome.field) setFailure(outcome.message)
      }
    })

  return (
    <FormProvider {...form}>
      <form noValidate aria-label="Report builder" onSubmit={withSpec(onRun)} className="flex flex-col gap-6">
        {failure && (
          <Alert variant="destructive" role="alert">
            <CircleAlert aria-hidden="true" />
            <span>{failure}</span>
          </Alert>
        )}
        <FormSection title="Rows and values" description="Group calls by up to two dimensions; choose what to add up.">
          <ReportShapeFields />
          <MetricPicker />
        </FormSection>
        <FormSection title="Period">
          <ReportRangeFields />
        </FormSection>
        <FormSection title="Filters" description="Only the calls that match every filter are counted.">
          <ReportFilterFields />
        </FormSection>
        <div className="flex flex-wrap items-center gap-2 border-t border-border pt-4">
          <Button type="submit" disabled={running}>
            {running ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Play aria-hidden="true" />}
            Run report
          </Button>
          {canWrite('reports') ? (
            <Button type="button" variant="outline" onClick={() => void withSpec(onSave)()}>
              <Save aria-hidden="true" />
              {saveLabel}
            </Button>
          ) : (
            <span className="text-xs text-muted-foreground">{denied('reports')}: run and export them freely.</span>
          )}
          <div className="ml-auto">
            <ReportExportButtons onExport={(format) => withSpec((spec) => onExport(spec, format))()} />
          </div>
        </div>
      </form>
    </FormProvider>
  )
}
