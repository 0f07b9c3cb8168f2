import { Gavel } from 'lucide-react'
import { useMemo, useState } from 'react'
import { useCurrentUser } from '@/api/auth'
import { useCampaignOptions } from '@/api/campaigns'
import { listBidRequests, rtbKeys, type BidRequest } from '@/api/rtb'
import { DataTable } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { FilterBar } from '@/components/shared/FilterBar'
import { FilterSelect } from '@/components/shared/FilterSelect'
import { Pagination } from '@/components/shared/Pagination'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { useListQuery } from '@/hooks/useListQuery'
import { auctionColumns } from './auctionColumns'
import { AuctionDetailDialog } from './AuctionDetailDialog'

const WINNER_OPTIONS = [
  { value: 'true', label: 'With a winner' },
  { value: 'false', label: 'Without a winner' },
]

/** The auctions run for calls, newest first; one opens its detailed view. */
export function RtbAuctionsTab() {
  const list = useListQuery<BidRequest>({
    queryKey: rtbKeys.auctions,
    fetcher: listBidRequests,
    filterKeys: ['campaignId', 'hasWinner'],
    defaultSort: { sort: 'createdAt', order: 'desc' },
    syncUrl: false,
  })
  const campaigns = useCampaignOptions()
  const campaignOptions = (campaigns.data?.items ?? []).filter((c) => c.type === 'rtb').map((c) => ({ value: c.id, label: c.name }))
  const [open, setOpen] = useState<BidRequest>()
  const user = useCurrentUser()
  const timeZone = user.data?.timeZone
  const columns = useMemo(() => auctionColumns({ onOpen: setOpen, timeZone }), [timeZone])

  return (
    <div className="flex flex-col gap-4">
      <FilterBar label="Filter auctions" hasFilters={list.hasFilters} activeCount={list.filterCount} onClear={list.clearFilters}>
        <FilterSelect label="Campaign" value={list.filters.campaignId ?? ''} onChange={(v) => list.setFilter('campaignId', v)} options={campaignOptions} allLabel="All campaigns" className="w-48" />
        <FilterSelect label="Winner" value={list.filters.hasWinner ?? ''} onChange={(v) => list.setFilter('hasWinner', v)} options={WINNER_OPTIONS} allLabel="All auctions" />
      </FilterBar>
      {campaigns.isError && (
        <QueryErrorAlert
          title="The campaigns to filter by could not be loaded."
          error={campaigns.error}
          onRetry={() => void campaigns.refetch()}
          retrying={campaigns.isFetching}
        />
      )}
      <DataTable
        caption="Auctions"
        columns={columns}
        rows={list.items}
        getRowKey={(a) => a.id}
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
            title={list.hasFilters ? 'No auction matches these filters' : 'No auctions yet'}
            description={
              list.hasFilters
                ? undefined
                : 'An auction is recorded for each call to an active RTB campaign with targets. Assign targets to an RTB campaign and check them with “Test bidding”.'
            }
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
            <Pagination page={list.page} pageSize={list.pageSize} total={list.total} onPageChange={list.setPage} onPageSizeChange={list.setPageSize} noun="auctions" />
          )
        }
      />
      <AuctionDetailDialog auction={open} onClose={() => setOpen(undefined)} />
    </div>
  )
}
