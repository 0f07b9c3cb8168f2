import type { CallSummary } from '@/api/types'
import { useListQuery } from '@/hooks/useListQuery'
import { CALLS_QUERY, CallsExplorer } from './CallsExplorer'
import { CallsExportLinks } from './CallsExportLinks'

/** The call explorer over `GET /api/calls` with exports of the filtered calls. */
export function CallsTab() {
  const list = useListQuery<CallSummary>(CALLS_QUERY)
  return (
    <div className="flex flex-col gap-4">
      <div className="flex justify-end">
        <CallsExportLinks filters={list.filters} sort={list.sort} order={list.order} />
      </div>
      <CallsExplorer list={list} />
    </div>
  )
}
