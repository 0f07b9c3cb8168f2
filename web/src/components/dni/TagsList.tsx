import { Globe, Plus } from 'lucide-react'
import { useMemo, useState } from 'react'
import { useNavigate } from 'react-router'
import { listTags } from '@/api/dni'
import { queryKeys } from '@/api/queryKeys'
import type { DniTag } from '@/api/types'
import { DataTable } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { FilterBar } from '@/components/shared/FilterBar'
import { Pagination } from '@/components/shared/Pagination'
import { SearchInput } from '@/components/shared/SearchInput'
import { Button } from '@/components/ui/button'
import { useListQuery } from '@/hooks/useListQuery'
import { DeleteTagDialog } from './DeleteTagDialog'
import { tagColumns } from './tagColumns'
import { usePermissions } from '@/hooks/usePermissions'

export function TagsList({ onCreate }: { onCreate: () => void }) {
  const navigate = useNavigate()
  const list = useListQuery<DniTag>({
    queryKey: queryKeys.dni.list,
    fetcher: listTags,
    filterKeys: ['search'],
    defaultSort: { sort: 'createdAt', order: 'desc' },
  })
  const [toDelete, setToDelete] = useState<DniTag>()
  const { canWrite } = usePermissions()
  const writable = canWrite('dni')
  const columns = useMemo(() => tagColumns({ onDelete: setToDelete, canWrite: writable }), [writable])

  return (
    <>
      <FilterBar label="Filter tracking tags" hasFilters={list.hasFilters} activeCount={list.filterCount} onClear={list.clearFilters}>
        <SearchInput label="Search" placeholder="Tag name or code" value={list.filters.search ?? ''} onChange={(v) => list.setFilter('search', v)} />
      </FilterBar>
      <DataTable
        cards
        caption="Tracking tags"
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
        onRowClick={(t) => navigate(`/dni/${t.id}`)}
        empty={
          <EmptyState
            icon={Globe}
            title={list.hasFilters ? 'No tag matches this search' : 'No tracking tags yet'}
            description={
              list.hasFilters
                ? undefined
                : 'Dynamic number insertion shows each visitor of your website a tracking number of their own, taken from a pool for the length of their visit. A tracking tag is the snippet you paste into your pages, and it records where each visitor came from (utm tags, click ids, referrer).'
            }
            action={
              list.hasFilters ? (
                <Button variant="outline" size="sm" onClick={list.clearFilters}>
                  Clear search
                </Button>
              ) : writable ? (
                <Button size="sm" onClick={onCreate}>
                  <Plus aria-hidden="true" />
                  New tracking tag
                </Button>
              ) : undefined
            }
          />
        }
        footer={
          list.total > 0 && (
            <Pagination page={list.page} pageSize={list.pageSize} total={list.total} onPageChange={list.setPage} onPageSizeChange={list.setPageSize} noun="tags" />
          )
        }
      />
      <DeleteTagDialog tag={toDelete} onClose={() => setToDelete(undefined)} />
    </>
  )
}
