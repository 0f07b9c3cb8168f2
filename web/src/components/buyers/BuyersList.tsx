import { Plus, Users } from 'lucide-react'
import { useMemo, useState } from 'react'
import { useNavigate } from 'react-router'
import { listBuyers } from '@/api/buyers'
import { queryKeys } from '@/api/queryKeys'
import type { Buyer } from '@/api/types'
import { DataTable } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { FilterBar } from '@/components/shared/FilterBar'
import { FilterSelect } from '@/components/shared/FilterSelect'
import { Pagination } from '@/components/shared/Pagination'
import { SearchInput } from '@/components/shared/SearchInput'
import { Button } from '@/components/ui/button'
import { useListQuery } from '@/hooks/useListQuery'
import { buyerStatusLabels, optionsOf } from '@/lib/labels'
import { buyerColumns, buyerPath } from './buyerColumns'
import { BuyerFormDialog } from './BuyerFormDialog'
import { DeleteBuyerDialog } from './DeleteBuyerDialog'
import { usePermissions, withoutActions } from '@/hooks/usePermissions'

export function BuyersList({ creating, onCreatingChange }: { creating: boolean; onCreatingChange: (open: boolean) => void }) {
  const list = useListQuery<Buyer>({
    queryKey: queryKeys.buyers.list,
    fetcher: listBuyers,
    filterKeys: ['search', 'status'],
    defaultSort: { sort: 'name', order: 'asc' },
  })
  const navigate = useNavigate()
  const [editing, setEditing] = useState<Buyer>()
  const [toDelete, setToDelete] = useState<Buyer>()
  const { canWrite } = usePermissions()
  const writable = canWrite('buyers')
  const columns = useMemo(() => withoutActions(buyerColumns({ onEdit: setEditing, onDelete: setToDelete }), writable), [writable])

  return (
    <>
      <FilterBar label="Filter buyers" hasFilters={list.hasFilters} activeCount={list.filterCount} onClear={list.clearFilters}>
        <SearchInput label="Search" placeholder="Buyer name" value={list.filters.search ?? ''} onChange={(v) => list.setFilter('search', v)} />
        <FilterSelect
          label="Status"
          value={list.filters.status ?? ''}
          onChange={(v) => list.setFilter('status', v)}
          options={optionsOf(buyerStatusLabels)}
          allLabel="All statuses"
        />
      </FilterBar>
      <DataTable
        cards
        caption="Buyers"
        columns={columns}
        rows={list.items}
        getRowKey={(b) => b.id}
        onRowClick={(b) => navigate(buyerPath(b))}
        isLoading={list.query.isPending}
        isFetching={list.query.isPlaceholderData}
        error={list.query.error}
        onRetry={() => void list.query.refetch()}
        sort={list.sort}
        order={list.order}
        onSort={list.setSort}
        empty={
          <EmptyState
            icon={Users}
            title={list.hasFilters ? 'No buyer matches these filters' : 'No buyers yet'}
            description={list.hasFilters ? undefined : 'Buyers receive the calls of your campaigns.'}
            action={
              list.hasFilters ? (
                <Button variant="outline" size="sm" onClick={list.clearFilters}>
                  Clear filters
                </Button>
              ) : writable ? (
                <Button size="sm" onClick={() => onCreatingChange(true)}>
                  <Plus aria-hidden="true" />
                  Add buyer
                </Button>
              ) : undefined
            }
          />
        }
        footer={
          list.total > 0 && (
            <Pagination page={list.page} pageSize={list.pageSize} total={list.total} onPageChange={list.setPage} onPageSizeChange={list.setPageSize} noun="buyers" />
          )
        }
      />
      <BuyerFormDialog
        open={creating || editing !== undefined}
        buyer={editing}
        onOpenChange={(open) => {
          if (!open) {
            setEditing(undefined)
            onCreatingChange(false)
          }
        }}
      />
      <DeleteBuyerDialog buyer={toDelete} onClose={() => setToDelete(undefined)} />
    </>
  )
}
