import { Plus, Workflow } from 'lucide-react'
import { useMemo, useState } from 'react'
import { listCallFlows, type CallFlowSummary } from '@/api/callFlows'
import { queryKeys } from '@/api/queryKeys'
import { DataTable } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { FilterBar } from '@/components/shared/FilterBar'
import { Pagination } from '@/components/shared/Pagination'
import { SearchInput } from '@/components/shared/SearchInput'
import { Button } from '@/components/ui/button'
import { useListQuery } from '@/hooks/useListQuery'
import { callFlowColumns } from './callFlowColumns'
import { DeleteCallFlowDialog } from './DeleteCallFlowDialog'
import { NewCallFlowDialog } from './NewCallFlowDialog'
import { usePermissions } from '@/hooks/usePermissions'

export function CallFlowsList({ creating, onCreatingChange }: { creating: boolean; onCreatingChange: (open: boolean) => void }) {
  const list = useListQuery<CallFlowSummary>({
    queryKey: queryKeys.callFlows.list,
    fetcher: listCallFlows,
    filterKeys: ['search'],
    defaultSort: { sort: 'updatedAt', order: 'desc' },
  })
  const [toDelete, setToDelete] = useState<CallFlowSummary>()
  const { canWrite } = usePermissions()
  const writable = canWrite('flows')
  const columns = useMemo(() => callFlowColumns({ onDelete: setToDelete, canWrite: writable }), [writable])

  return (
    <>
      <FilterBar label="Filter call flows" hasFilters={list.hasFilters} activeCount={list.filterCount} onClear={list.clearFilters}>
        <SearchInput label="Search" placeholder="Flow name" value={list.filters.search ?? ''} onChange={(v) => list.setFilter('search', v)} />
      </FilterBar>
      <DataTable
        cards
        caption="Call flows"
        columns={columns}
        rows={list.items}
        getRowKey={(f) => f.id}
        isLoading={list.query.isPending}
        isFetching={list.query.isPlaceholderData}
        error={list.query.error}
        onRetry={() => void list.query.refetch()}
        sort={list.sort}
        order={list.order}
        onSort={list.setSort}
        empty={
          <EmptyState
            icon={Workflow}
            title={list.hasFilters ? 'No call flow matches this search' : 'No call flows yet'}
            description={
              list.hasFilters ? undefined : 'A call flow answers callers with messages and menus, then routes them to buyers, an auction or voicemail.'
            }
            action={
              list.hasFilters ? (
                <Button variant="outline" size="sm" onClick={list.clearFilters}>
                  Clear filters
                </Button>
              ) : writable ? (
                <Button size="sm" onClick={() => onCreatingChange(true)}>
                  <Plus aria-hidden="true" />
                  New call flow
                </Button>
              ) : undefined
            }
          />
        }
        footer={
          list.total > 0 && (
            <Pagination page={list.page} pageSize={list.pageSize} total={list.total} onPageChange={list.setPage} onPageSizeChange={list.setPageSize} noun="call flows" />
          )
        }
      />
      <NewCallFlowDialog open={creating} onOpenChange={onCreatingChange} />
      <DeleteCallFlowDialog flow={toDelete} onClose={() => setToDelete(undefined)} />
    </>
  )
}
