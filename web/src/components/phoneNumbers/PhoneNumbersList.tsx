import { Phone } from 'lucide-react'
import { useId, useMemo, useState } from 'react'
import { listPhoneNumbers } from '@/api/phoneNumbers'
import { queryKeys } from '@/api/queryKeys'
import type { PhoneNumber } from '@/api/types'
import { DataTable } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { FilterBar } from '@/components/shared/FilterBar'
import { FilterSelect } from '@/components/shared/FilterSelect'
import { Pagination } from '@/components/shared/Pagination'
import { SearchInput } from '@/components/shared/SearchInput'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { useListQuery } from '@/hooks/useListQuery'
import { numberStatusLabels, numberTypeLabels, optionsOf } from '@/lib/labels'
import { DeleteNumberDialog } from './DeleteNumberDialog'
import { NumberCallFlowDialog } from './NumberCallFlowDialog'
import { NumberHistoryDialog } from './NumberHistoryDialog'
import { phoneNumberColumns } from './phoneNumberColumns'
import { usePermissions } from '@/hooks/usePermissions'

export function PhoneNumbersList({ onAdd }: { onAdd: () => void }) {
  const unassignedId = useId()
  const list = useListQuery<PhoneNumber>({
    queryKey: queryKeys.phoneNumbers.list,
    fetcher: listPhoneNumbers,
    filterKeys: ['search', 'status', 'type', 'unassigned'],
    defaultSort: { sort: 'createdAt', order: 'desc' },
  })
  const [history, setHistory] = useState<PhoneNumber>()
  const [flowOf, setFlowOf] = useState<PhoneNumber>()
  const [toDelete, setToDelete] = useState<PhoneNumber>()
  const { canWrite } = usePermissions()
  const writable = canWrite('numbers')
  const columns = useMemo(() => phoneNumberColumns({ onHistory: setHistory, onCallFlow: setFlowOf, onDelete: setToDelete, canWrite: writable }), [writable])

  return (
    <>
      <FilterBar label="Filter phone numbers" hasFilters={list.hasFilters} activeCount={list.filterCount} onClear={list.clearFilters}>
        <SearchInput label="Search" placeholder="Number or name" value={list.filters.search ?? ''} onChange={(v) => list.setFilter('search', v)} />
        <FilterSelect label="Status" value={list.filters.status ?? ''} onChange={(v) => list.setFilter('status', v)} options={optionsOf(numberStatusLabels)} allLabel="All statuses" />
        <FilterSelect label="Type" value={list.filters.type ?? ''} onChange={(v) => list.setFilter('type', v)} options={optionsOf(numberTypeLabels)} allLabel="All types" className="w-36" />
        <div className="flex h-9 items-center gap-2">
          <Checkbox
            id={unassignedId}
            checked={list.filters.unassigned === 'true'}
            onCheckedChange={(checked) => list.setFilter('unassigned', checked === true ? 'true' : '')}
          />
          <label htmlFor={unassignedId} className="text-sm">
            Unassigned only
          </label>
        </div>
      </FilterBar>
      <DataTable
        cards
        caption="Phone numbers"
        columns={columns}
        rows={list.items}
        getRowKey={(n) => n.id}
        isLoading={list.query.isPending}
        isFetching={list.query.isPlaceholderData}
        error={list.query.error}
        onRetry={() => void list.query.refetch()}
        sort={list.sort}
        order={list.order}
        onSort={list.setSort}
        empty={
          <EmptyState
            icon={Phone}
            title={list.hasFilters ? 'No number matches these filters' : 'No phone numbers yet'}
            description={list.hasFilters ? undefined : 'Add your tracking numbers one by one or import them from a CSV file.'}
            action={
              list.hasFilters ? (
                <Button variant="outline" size="sm" onClick={list.clearFilters}>
                  Clear filters
                </Button>
              ) : writable ? (
                <Button size="sm" onClick={onAdd}>
                  Add number
                </Button>
              ) : undefined
            }
          />
        }
        footer={
          list.total > 0 && (
            <Pagination page={list.page} pageSize={list.pageSize} total={list.total} onPageChange={list.setPage} onPageSizeChange={list.setPageSize} noun="numbers" />
          )
        }
      />
      <NumberHistoryDialog number={history} onClose={() => setHistory(undefined)} />
      <NumberCallFlowDialog number={flowOf} onClose={() => setFlowOf(undefined)} />
      <DeleteNumberDialog number={toDelete} onClose={() => setToDelete(undefined)} />
    </>
  )
}
