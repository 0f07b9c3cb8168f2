import { Gavel, Plus } from 'lucide-react'
import { useMemo, useState } from 'react'
import { listRtbTargets, rtbKeys, type RtbTarget } from '@/api/rtb'
import { DataTable } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { FilterBar } from '@/components/shared/FilterBar'
import { FilterSelect } from '@/components/shared/FilterSelect'
import { Pagination } from '@/components/shared/Pagination'
import { SearchInput } from '@/components/shared/SearchInput'
import { Button } from '@/components/ui/button'
import { useListQuery } from '@/hooks/useListQuery'
import { DeleteRtbTargetDialog } from './DeleteRtbTargetDialog'
import { rtbTargetColumns } from './rtbTargetColumns'
import { RTB_STATUSES } from './RtbTargetForm'
import { RtbTargetFormDialog } from './RtbTargetFormDialog'
import { TestBidDialog } from './TestBidDialog'
import { usePermissions, withoutActions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

export function RtbTargetsList() {
  const list = useListQuery<RtbTarget>({
    queryKey: rtbKeys.targets,
    fetcher: listRtbTargets,
    filterKeys: ['search', 'status'],
    defaultSort: { sort: 'name', order: 'asc' },
    syncUrl: false,
  })
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<RtbTarget>()
  const [toDelete, setToDelete] = useState<RtbTarget>()
  const [testing, setTesting] = useState<RtbTarget>()
  const { canWrite } = usePermissions()
  const writable = canWrite('rtb')
  const columns = useMemo(() => withoutActions(rtbTargetColumns({ onEdit: setEditing, onDelete: setToDelete, onTest: setTesting, canWrite: writable }), writable), [writable])

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <FilterBar label="Filter RTB targets" hasFilters={list.hasFilters} activeCount={list.filterCount} onClear={list.clearFilters}>
          <SearchInput label="Search" placeholder="Target name" value={list.filters.search ?? ''} onChange={(v) => list.setFilter('search', v)} />
          <FilterSelect label="Status" value={list.filters.status ?? ''} onChange={(v) => list.setFilter('status', v)} options={RTB_STATUSES} allLabel="All statuses" />
        </FilterBar>
        {writable ? (
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            Add RTB target
          </Button>
        ) : (
          <ReadOnlyNote area="rtb" />
        )}
      </div>
      <DataTable
        cards
        caption="RTB targets"
        columns={columns}
        rows={list.items}
        getRowKey={(t) => t.id}
        isLoading={list.query.isPending}
        isFetching={list.query.isPlaceholderData}
        error={list.query.error}
        onRetry={() => void list.query.refetch()}
        sort={list.sort}
        order={list.order}
        onSort={list.setSort}
        empty={
          <EmptyState
            icon={Gavel}
            title={list.hasFilters ? 'No target matches these filters' : 'No RTB targets yet'}
            description={list.hasFilters ? undefined : 'RTB targets are bidder endpoints pinged for each call of an RTB campaign.'}
            action={
              list.hasFilters ? (
                <Button variant="outline" size="sm" onClick={list.clearFilters}>
                  Clear filters
                </Button>
              ) : undefined
            }
          />
        }
        footer={
          list.total > 0 && (
            <Pagination page={list.page} pageSize={list.pageSize} total={list.total} onPageChange={list.setPage} onPageSizeChange={list.setPageSize} noun="targets" />
          )
        }
      />
      <RtbTargetFormDialog
        open={creating || editing !== undefined}
        target={editing}
        onOpenChange={(open) => {
          if (!open) {
            setEditing(undefined)
            setCreating(false)
          }
        }}
      />
      <DeleteRtbTargetDialog target={toDelete} onClose={() => setToDelete(undefined)} />
      <TestBidDialog target={testing} onClose={() => setTesting(undefined)} />
    </div>
  )
}
