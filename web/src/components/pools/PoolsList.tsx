import { Layers, Plus } from 'lucide-react'
import { useMemo, useState } from 'react'
import { listPools } from '@/api/pools'
import { queryKeys } from '@/api/queryKeys'
import type { Pool } from '@/api/types'
import { DataTable } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { FilterBar } from '@/components/shared/FilterBar'
import { FilterSelect } from '@/components/shared/FilterSelect'
import { Pagination } from '@/components/shared/Pagination'
import { SearchInput } from '@/components/shared/SearchInput'
import { Button } from '@/components/ui/button'
import { useListQuery } from '@/hooks/useListQuery'
import { optionsOf, poolStatusLabels } from '@/lib/labels'
import { DeletePoolDialog } from './DeletePoolDialog'
import { poolColumns } from './poolColumns'
import { PoolFormDialog } from './PoolFormDialog'
import { usePermissions, withoutActions } from '@/hooks/usePermissions'

export function PoolsList({ creating, onCreatingChange }: { creating: boolean; onCreatingChange: (open: boolean) => void }) {
  const list = useListQuery<Pool>({
    queryKey: queryKeys.pools.list,
    fetcher: listPools,
    filterKeys: ['search', 'status'],
    defaultSort: { sort: 'createdAt', order: 'desc' },
  })
  const [editing, setEditing] = useState<Pool>()
  const [toDelete, setToDelete] = useState<Pool>()
  const { canWrite } = usePermissions()
  const writable = canWrite('numbers')
  const columns = useMemo(() => withoutActions(poolColumns({ onEdit: setEditing, onDelete: setToDelete }), writable), [writable])

  return (
    <>
      <FilterBar label="Filter pools" hasFilters={list.hasFilters} activeCount={list.filterCount} onClear={list.clearFilters}>
        <SearchInput label="Search" placeholder="Pool name" value={list.filters.search ?? ''} onChange={(v) => list.setFilter('search', v)} />
        <FilterSelect label="Status" value={list.filters.status ?? ''} onChange={(v) => list.setFilter('status', v)} options={optionsOf(poolStatusLabels)} allLabel="All statuses" />
      </FilterBar>
      <DataTable
        cards
        caption="Number pools"
        columns={columns}
        rows={list.items}
        getRowKey={(p) => p.id}
        isLoading={list.query.isPending}
        isFetching={list.query.isPlaceholderData}
        error={list.query.error}
        onRetry={() => void list.query.refetch()}
        sort={list.sort}
        order={list.order}
        onSort={list.setSort}
        empty={
          <EmptyState
            icon={Layers}
            title={list.hasFilters ? 'No pool matches these filters' : 'No number pools yet'}
            description={list.hasFilters ? undefined : 'Pools hold numbers that pool campaigns are given automatically, never two campaigns at once.'}
            action={
              list.hasFilters ? (
                <Button variant="outline" size="sm" onClick={list.clearFilters}>
                  Clear filters
                </Button>
              ) : writable ? (
                <Button size="sm" onClick={() => onCreatingChange(true)}>
                  <Plus aria-hidden="true" />
                  Create pool
                </Button>
              ) : undefined
            }
          />
        }
        footer={
          list.total > 0 && (
            <Pagination page={list.page} pageSize={list.pageSize} total={list.total} onPageChange={list.setPage} onPageSizeChange={list.setPageSize} noun="pools" />
          )
        }
      />
      <PoolFormDialog
        open={creating || editing !== undefined}
        pool={editing}
        onOpenChange={(open) => {
          if (!open) {
            setEditing(undefined)
            onCreatingChange(false)
          }
        }}
      />
      <DeletePoolDialog pool={toDelete} onClose={() => setToDelete(undefined)} />
    </>
  )
}
