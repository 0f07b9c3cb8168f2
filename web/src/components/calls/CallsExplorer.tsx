import { PhoneIncoming } from 'lucide-react'
import { useMemo, useState } from 'react'
import { useCurrentUser } from '@/api/auth'
import { CALL_FILTERS, listCalls } from '@/api/calls'
import { queryKeys } from '@/api/queryKeys'
import type { CallSummary } from '@/api/types'
import { DataTable } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { Pagination } from '@/components/shared/Pagination'
import { Button } from '@/components/ui/button'
import type { ListQuery } from '@/hooks/useListQuery'
import { CallDetailSheet } from './CallDetailSheet'
import { callColumns } from './callColumns'
import { CallFilters } from './CallFilters'

export const CALLS_QUERY = {
  queryKey: queryKeys.calls.list,
  fetcher: listCalls,
  filterKeys: CALL_FILTERS,
  defaultSort: { sort: 'createdAt', order: 'desc' as const },
}

/** The call explorer: filters, the sortable, paged call table and a call's details in a side panel. */
export function CallsExplorer({ list }: { list: ListQuery<CallSummary> }) {
  const user = useCurrentUser()
  const timeZone = user.data?.timeZone
  const [open, setOpen] = useState<CallSummary>()
  const columns = useMemo(() => callColumns({ onOpen: setOpen, timeZone }), [timeZone])

  return (
    <>
      <CallFilters filters={list.filters} onChange={list.setFilter} hasFilters={list.hasFilters} onClear={list.clearFilters} />
      <DataTable
        caption="Calls"
        columns={columns}
        rows={list.items}
        getRowKey={(c) => c.id}
        isLoading={list.query.isPending}
        isFetching={list.query.isPlaceholderData}
        error={list.query.error}
        onRetry={() => void list.query.refetch()}
        sort={list.sort}
        order={list.order}
        onSort={list.setSort}
        empty={
          list.hasFilters ? (
            <EmptyState
              icon={PhoneIncoming}
              title="No call matches these filters"
              action={
                <Button variant="outline" size="sm" onClick={list.clearFilters}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={PhoneIncoming}
              title="No calls yet"
              description="Calls appear here as soon as one of your tracking numbers receives one."
            />
          )
        }
        footer={
          list.total > 0 && (
            <Pagination
              page={list.page}
              pageSize={list.pageSize}
              total={list.total}
              onPageChange={list.setPage}
              onPageSizeChange={list.setPageSize}
              noun="calls"
            />
          )
        }
      />
      <CallDetailSheet callId={open?.id} callSid={open?.callSid} onClose={() => setOpen(undefined)} timeZone={timeZone} />
    </>
  )
}
