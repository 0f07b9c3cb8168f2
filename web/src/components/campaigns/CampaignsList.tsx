import { Megaphone, Plus } from 'lucide-react'
import { useMemo, useState } from 'react'
import { Link } from 'react-router'
import { listCampaigns } from '@/api/campaigns'
import { queryKeys } from '@/api/queryKeys'
import type { CampaignSummary } from '@/api/types'
import { DataTable } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { Pagination } from '@/components/shared/Pagination'
import { Button } from '@/components/ui/button'
import { useListQuery } from '@/hooks/useListQuery'
import { campaignColumns } from './campaignColumns'
import { CampaignFilters } from './CampaignFilters'
import { DeleteCampaignDialog } from './DeleteCampaignDialog'
import { usePermissions, withoutActions } from '@/hooks/usePermissions'

const FILTERS = ['search', 'status', 'type', 'from', 'to'] as const

export function CampaignsList() {
  const list = useListQuery<CampaignSummary>({
    queryKey: queryKeys.campaigns.list,
    fetcher: listCampaigns,
    filterKeys: FILTERS,
    defaultSort: { sort: 'createdAt', order: 'desc' },
  })
  const [toDelete, setToDelete] = useState<CampaignSummary>()
  const { canWrite } = usePermissions()
  const writable = canWrite('campaigns')
  const columns = useMemo(() => withoutActions(campaignColumns(setToDelete), writable), [writable])

  return (
    <>
      <CampaignFilters filters={list.filters} onChange={list.setFilter} hasFilters={list.hasFilters} onClear={list.clearFilters} />
      <DataTable
        cards
        caption="Campaigns"
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
              icon={Megaphone}
              title="No campaign matches these filters"
              action={
                <Button variant="outline" size="sm" onClick={list.clearFilters}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={Megaphone}
              title="No campaigns yet"
              description="Create a campaign to route calls from your tracking numbers to your buyers."
              action={
                writable && (
                  <Button asChild size="sm">
                    <Link to="/campaigns/new">
                      <Plus aria-hidden="true" />
                      Create Campaign
                    </Link>
                  </Button>
                )
              }
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
              noun="campaigns"
            />
          )
        }
      />
      <DeleteCampaignDialog campaign={toDelete} onClose={() => setToDelete(undefined)} />
    </>
  )
}
