import { CalendarClock, FileBarChart, FolderOpen, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { toast } from 'sonner'
import { EXPORT_FORMATS, savedReportExportUrl, useDeleteReport, useSavedReports, type Report } from '@/api/reports'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { EmptyState } from '@/components/shared/EmptyState'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDateTime } from '@/lib/format'
import { cn } from '@/lib/utils'
import { DeliveryStatusBadge } from './DeliveryStatusBadge'
import { ReportScheduleDialog } from './ReportScheduleDialog'
import { scheduleSummary, specSummary } from './reportFormat'
import { usePermissions } from '@/hooks/usePermissions'

const FORMAT_LABELS = { csv: 'CSV', xlsx: 'Excel', pdf: 'PDF' } as const

interface SavedReportsListProps {
  /** The report open in the builder. */
  currentId?: number
  onOpen: (report: Report) => void
  onDeleted: (id: number) => void
  timeZone?: string
}

/** Saved reports, newest first: open one in the builder, schedule it, or delete it. */
export function SavedReportsList({ currentId, onOpen, onDeleted, timeZone }: SavedReportsListProps) {
  const reports = useSavedReports()
  const remove = useDeleteReport()
  const [deleting, setDeleting] = useState<Report>()
  const [scheduleId, setScheduleId] = useState<number>()
  const { canWrite } = usePermissions()
  const writable = canWrite('reports')
  // The dialog follows the list, so a saved schedule shows its new next run at once.
  const scheduling = reports.data?.find((r) => r.id === scheduleId)

  const confirmDelete = async () => {
    if (!deleting) return
    try {
      await remove.mutateAsync(deleting.id)
      toast.success(`Report “${deleting.name}” deleted`)
      onDeleted(deleting.id)
      setDeleting(undefined)
    } catch {
      // Shown in the dialog.
    }
  }

  return (
    <Card className="min-w-0 self-start max-xl:order-2">
      <CardHeader>
        <CardTitle>Saved reports</CardTitle>
        <CardDescription>Open one to change it; schedule it to have it e-mailed.</CardDescription>
      </CardHeader>
      <CardContent>
        {reports.isError && !reports.data ? (
          <QueryErrorAlert title="The saved reports could not be loaded." error={reports.error} onRetry={() => void reports.refetch()} />
        ) : !reports.data ? (
          <div className="flex flex-col gap-2" aria-label="Loading saved reports">
            {[0, 1].map((i) => (
              <Skeleton key={i} className="h-16 w-full" />
            ))}
          </div>
        ) : reports.data.length === 0 ? (
          <EmptyState icon={FileBarChart} title="No saved reports yet" description="Build a report, run it, and save it to find it here." />
        ) : (
          <ul aria-label="Saved reports" className="flex flex-col divide-y divide-border">
            {reports.data.map((report) => (
              <li key={report.id} aria-label={report.name} className={cn('flex flex-col gap-2 py-3', report.id === currentId && 'rounded-md bg-accent/60 px-2')}>
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <p className="truncate font-medium">{report.name}</p>
                    <p className="text-xs text-muted-foreground">{specSummary(report.spec)}</p>
                  </div>
                  {report.id === currentId && <Badge variant="info">Open</Badge>}
                </div>
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted-foreground">
                  <CalendarClock className="size-3.5" aria-hidden="true" />
                  <span>{scheduleSummary(report.schedule)}</span>
                  {report.nextRunAt && <span>· next {formatDateTime(report.nextRunAt, timeZone)}</span>}
                  {report.lastDelivery && (
                    <span className="flex items-center gap-1">
                      · last <DeliveryStatusBadge status={report.lastDelivery.status} />
                    </span>
                  )}
                </div>
                <div className="flex flex-wrap gap-1.5">
                  <Button size="sm" variant="outline" onClick={() => onOpen(report)} aria-label={`Open ${report.name}`}>
                    <FolderOpen aria-hidden="true" />
                    Open
                  </Button>
                  {writable && (
                    <>
                      <Button size="sm" variant="outline" onClick={() => setScheduleId(report.id)} aria-label={`Schedule ${report.name}`}>
                        <CalendarClock aria-hidden="true" />
                        Schedule
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => { remove.reset(); setDeleting(report) }} aria-label={`Delete ${report.name}`}>
                        <Trash2 aria-hidden="true" />
                        Delete
                      </Button>
                    </>
                  )}
                </div>
                <p className="flex items-center gap-2 text-xs text-muted-foreground">
                  Download:
                  {EXPORT_FORMATS.map((format) => (
                    <a
                      key={format}
                      href={savedReportExportUrl(report.id, format)}
                      download
                      className="font-medium text-primary hover:underline"
                      aria-label={`Download ${report.name} as ${FORMAT_LABELS[format]}`}
                    >
                      {FORMAT_LABELS[format]}
                    </a>
                  ))}
                </p>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <ReportScheduleDialog report={scheduling} onOpenChange={(open) => !open && setScheduleId(undefined)} />
      <ConfirmDialog
        open={deleting !== undefined}
        onOpenChange={(open) => !open && setDeleting(undefined)}
        title={`Delete “${deleting?.name ?? ''}”?`}
        description="The report, its schedule and its delivery history are deleted. Files already e-mailed are not affected."
        confirmLabel="Delete report"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => void confirmDelete()}
      />
    </Card>
  )
}
