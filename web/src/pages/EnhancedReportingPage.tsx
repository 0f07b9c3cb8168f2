import { Download } from 'lucide-react'
import { callsExportUrl } from '@/api/calls'
import type { CallSummary } from '@/api/types'
import { CALLS_QUERY, CallsExplorer } from '@/components/calls/CallsExplorer'
import { LiveIndicator } from '@/components/dashboard/LiveIndicator'
import { PageHeader } from '@/components/layout/PageHeader'
import { Button } from '@/components/ui/button'
import { useListQuery } from '@/hooks/useListQuery'
import { useLiveCallEvents } from '@/hooks/useLiveCallEvents'

/** Enhanced Reporting: the call explorer over `GET /api/calls`, with a CSV export of the filtered calls. */
export function EnhancedReportingPage() {
  const list = useListQuery<CallSummary>(CALLS_QUERY)
  const live = useLiveCallEvents()
  const exportUrl = callsExportUrl(list.filters, { sort: list.sort, order: list.order })
  return (
    <>
      <PageHeader
        title="Enhanced Reporting"
        description="Every call with its caller, route, status and money; open a call for its routing trace."
        actions={
          <div className="flex items-center gap-3">
            <LiveIndicator status={live} />
            <Button asChild variant="outline">
              <a href={exportUrl} download>
                <Download aria-hidden="true" />
                Export CSV
              </a>
            </Button>
          </div>
        }
      />
      <CallsExplorer list={list} />
    </>
  )
}
