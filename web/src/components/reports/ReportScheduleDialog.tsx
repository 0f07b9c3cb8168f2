import { useCurrentUser } from '@/api/auth'
import type { Report } from '@/api/reports'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { DeliveryHistory } from './DeliveryHistory'
import { ScheduleForm } from './ScheduleForm'

/** A saved report's schedule, Send now, and its delivery history. */
export function ReportScheduleDialog({ report, onOpenChange }: { report: Report | undefined; onOpenChange: (open: boolean) => void }) {
  const user = useCurrentUser()
  const timeZone = user.data?.timeZone
  return (
    <Dialog open={report !== undefined} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[92dvh] max-w-2xl overflow-y-auto">
        <DialogHeader>
          <DialogTitle>{report ? `Schedule “${report.name}”` : 'Schedule'}</DialogTitle>
          <DialogDescription>The report is e-mailed with its CSV, Excel and PDF files attached.</DialogDescription>
        </DialogHeader>
        {report && (
          <>
            <ScheduleForm key={report.id} report={report} timeZone={timeZone} />
            <section aria-label="Delivery history" className="flex flex-col gap-2">
              <h3 className="text-sm font-semibold">Delivery history</h3>
              <DeliveryHistory reportId={report.id} timeZone={timeZone} />
            </section>
          </>
        )}
      </DialogContent>
    </Dialog>
  )
}
