import { Gavel, Percent, Timer, Trophy } from 'lucide-react'
import { useState } from 'react'
import { useRtbAnalytics } from '@/api/rtb'
import { StatCard } from '@/components/dashboard/StatCard'
import { DateFilter } from '@/components/shared/DateFilter'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { formatCount, formatMoney, formatPercent } from '@/lib/format'
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
            {analytics.data.from.slice(0, 10)} to {analytics.data.to.slice(0, 10)}
          </p>
        )}
      </div>
      {analytics.error && <QueryErrorAlert title="Analytics could not be loaded" error={analytics.error} onRetry={() => void analytics.refetch()} />}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard title="Auctions" icon={Gavel} value={s && formatCount(s.totalAuctions)} hint={s ? `${formatCount(s.auctionsWithWinner)} with a winner` : 'Auctions run'} />
        <StatCard title="Success rate" icon={Percent} value={s && formatPercent(s.successRate)} hint="Auctions with a winning bid" />
        <StatCard title="Revenue per auction" icon={Trophy} value={s && formatMoney(s.revenuePerAuction)} hint="Winning bids / auctions" />
        <StatCard title="Average response" icon={Timer} value={s && (s.averageResponseMs == null ? '—' : `${s.averageResponseMs} ms`)} hint="Bidder response time" />
      </div>
      <RejectionReasonsTable rows={analytics.data?.rejectionReasons} isLoading={analytics.isPending} />
      <BidderPerformanceTable rows={analytics.data?.bidders} isLoading={analytics.isPending} />
    </div>
  )
}
