import { FilePlus2 } from 'lucide-react'
import { useState } from 'react'
import { toast } from 'sonner'
import { useCurrentUser } from '@/api/auth'
import { saveFile } from '@/api/download'
import { emptySpec, exportReportSpec, useRunReport, type ExportFormat, type Report, type ReportSpec } from '@/api/reports'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { serverErrorMessage } from '@/lib/serverErrors'
import { ReportBuilder } from './ReportBuilder'
import { ReportResultView } from './ReportResultView'
import { SaveReportDialog } from './SaveReportDialog'
import { SavedReportsList } from './SavedReportsList'

/** Where a new report starts: calls, conversions and revenue by campaign over 30 days. */
export const NEW_REPORT_SPEC = emptySpec({ dimensions: ['campaign'], metrics: ['calls', 'converted', 'revenue', 'conversionRate'] })

/** The report builder and its result beside the saved reports. */
export function ReportsTab() {
  const user = useCurrentUser()
  const run = useRunReport()
  const [current, setCurrent] = useState<Report>()
  const [builder, setBuilder] = useState({ key: 0, spec: NEW_REPORT_SPEC })
  const [saving, setSaving] = useState<ReportSpec>()

  const load = (spec: ReportSpec, report?: Report) => {
    setCurrent(report)
    setBuilder((b) => ({ key: b.key + 1, spec }))
    run.reset()
  }

  const open = (report: Report) => {
    load(report.spec, report)
    run.mutateAsync(report.spec).catch((error: unknown) => toast.error(serverErrorMessage(error)))
  }

  const download = async (spec: ReportSpec, format: ExportFormat) => {
    const file = await exportReportSpec(spec, format)
    saveFile(file)
    toast.success(`Downloaded ${file.filename}`)
  }

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <Card className="min-w-0">
        <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
          <div className="flex flex-col gap-1">
            <CardTitle>{current ? `Editing “${current.name}”` : 'Report builder'}</CardTitle>
            <CardDescription>Choose dimensions and metrics, a period and filters, then run, save or export.</CardDescription>
          </div>
          {current && (
            <Button variant="outline" size="sm" onClick={() => load(NEW_REPORT_SPEC)}>
              <FilePlus2 aria-hidden="true" />
              New report
            </Button>
          )}
        </CardHeader>
        <CardContent>
          <ReportBuilder
            key={builder.key}
            initialSpec={builder.spec}
            running={run.isPending}
            onRun={(spec) => run.mutateAsync(spec)}
            onExport={download}
            onSave={setSaving}
            saveLabel={current ? 'Save…' : 'Save report…'}
          />
        </CardContent>
      </Card>
      <SavedReportsList
        currentId={current?.id}
        onOpen={open}
        onDeleted={(id) => id === current?.id && setCurrent(undefined)}
        timeZone={user.data?.timeZone}
      />
      {/* The result spans the whole width, so that wide tables have room (under the builder on narrower screens). */}
      {run.data && (
        <Card className="min-w-0 max-xl:order-1 xl:col-span-2">
          <CardHeader>
            <CardTitle>{current?.name ?? 'Result'}</CardTitle>
          </CardHeader>
          <CardContent>
            <ReportResultView result={run.data} title={current?.name ?? 'Report'} stale={run.isPending} />
          </CardContent>
        </Card>
      )}
      <SaveReportDialog
        open={saving !== undefined}
        onOpenChange={(isOpen) => !isOpen && setSaving(undefined)}
        spec={saving ?? builder.spec}
        current={current}
        onSaved={(report) => {
          setSaving(undefined)
          setCurrent(report)
          toast.success(`Report “${report.name}” saved`)
        }}
      />
    </div>
  )
}
