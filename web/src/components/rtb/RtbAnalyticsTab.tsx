import { Gavel, Percent, Timer, Trophy } from 'lucide-react'
import { useState } from 'react'
import { useRtbAnalytics } from '@/api/rtb'
import { StatCard } from '@/components/dashboard/StatCard'
import { DateFilter } from '@/components/shared/DateFilter'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { formatCount, formatDateRange, formatMoney, formatPercent } from '@/lib/format'
import { BidderPerformanceTable } from './BidderPerformanceTable'
import { RejectionReasonsTable } from './RejectionReasonsTable'

/** Auction totals, rejection reasons and per-bidder performance over a date range. */
export function RtbAnalyticsTab() {
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const analytics = useRtbAnalytics(from, to)
  const s = analytics.data?.summary
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <DateFilter label="From" value={from} max={to || undefined} onChange={setFrom} />
        <DateFilter label="To" value={to} min={from || undefined} onChange={setTo} />
        {analytics.data && (
          <p className="text-xs text-muted-foreground">
            {formatDateRange(analytics.data.from, analytics.data.to)} (UTC)
          </p>
        )}
      </div>
      {analytics.isError && !analytics.data ? (
        <QueryErrorAlert
          title="The RTB analytics could not be loaded."
          error={analytics.error}
          onRetry={() => void analytics.refetch()}
          retrying={analytics.isFetching}
        />
      ) : (
        <>
          <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
            <StatCard title="Auctions" icon={Gavel} value={s && formatCount(s.totalAuctions)} hint={s ? `${formatCount(s.auctionsWithWinner)} with a winner` : 'Auctions run'} />
            <StatCard title="Success rate" icon={Percent} value={s && formatPercent(s.successRate)} hint="Auctions with a winning bid" />
            <StatCard title="Revenue per auction" icon={Trophy} value={s && formatMoney(s.revenuePerAuction)} hint="Winning bids / auctions" />
            <StatCard
              title="Average response"
              icon={Timer}
              value={s && (s.averageResponseMs == null ? '—' : `${formatCount(s.averageResponseMs)} ms`)}
              hint="Bidder response time"
            />
          </div>
          <RejectionReasonsTable rows={analytics.data?.rejectionReasons} isLoading={analytics.isPending} />
          <BidderPerformanceTable rows={analytics.data?.bidders} isLoading={analytics.isPending} />
        </>
      )}
    </div>
  )
}
