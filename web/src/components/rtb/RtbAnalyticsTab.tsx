import { Gavel, Percent, Timer, Trophy } from 'lucide-react'
import { useRtbAnalytics } from '@/api/rtb'
import { StatCard } from '@/components/dashboard/StatCard'
import { DateRangePicker } from '@/components/shared/DateRangePicker'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { StatChange } from '@/components/shared/StatChange'
import { useDateRangeParams } from '@/hooks/useDateRangeParams'
import { previousPeriodLabel } from '@/lib/dateRange'
import { formatCount, formatMoney, formatPercent } from '@/lib/format'
import type { ChangeOptions } from '@/lib/periodChange'
import { BidderPerformanceTable } from './BidderPerformanceTable'
import { RejectionReasonsTable } from './RejectionReasonsTable'

/**
 * Auction totals, rejection reasons and per-bidder performance over a period of days (in the
 * user's time zone), optionally compared with the previous period.
 */
export function RtbAnalyticsTab() {
  const range = useDateRangeParams('last30')
  const analytics = useRtbAnalytics(range.days.from, range.days.to)
  const before = useRtbAnalytics(range.previous?.from ?? '', range.previous?.to ?? '', range.previous !== undefined)
  const s = analytics.data?.summary
  const p = range.previous ? before.data?.summary : undefined
  const against = previousPeriodLabel(range.days)
  const change = (current: number | string | null | undefined, previous: number | string | null | undefined, options?: ChangeOptions) =>
    range.previous && (
      <StatChange
        current={current}
        previous={previous}
        against={against}
        loading={before.isPending || analytics.isPending}
        failed={before.isError && !before.data}
        options={options}
      />
    )
  // Rates and averages of a period without auctions have nothing to compare with.
  const hadAuctions = (p?.totalAuctions ?? 0) > 0
  return (
    <div className="flex flex-col gap-4">
      <DateRangePicker label="Analytics period" value={range.state} onChange={range.setState} today={range.today} />
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
            <StatCard
              title="Auctions"
              icon={Gavel}
              value={s && formatCount(s.totalAuctions)}
              hint={s ? `${formatCount(s.auctionsWithWinner)} with a winner` : 'Auctions run'}
              change={change(s?.totalAuctions, p?.totalAuctions)}
            />
            <StatCard
              title="Success rate"
              icon={Percent}
              value={s && formatPercent(s.successRate)}
              hint="Auctions with a winning bid"
              change={change(s?.successRate, hadAuctions ? p?.successRate : null, { mode: 'points' })}
            />
            <StatCard
              title="Revenue per auction"
              icon={Trophy}
              value={s && formatMoney(s.revenuePerAuction)}
              hint="Winning bids / auctions"
              change={change(s?.revenuePerAuction, hadAuctions ? p?.revenuePerAuction : null)}
            />
            <StatCard
              title="Average response"
              icon={Timer}
              value={s && (s.averageResponseMs == null ? '—' : `${formatCount(s.averageResponseMs)} ms`)}
              hint="Bidder response time"
              change={change(s?.averageResponseMs, p?.averageResponseMs, { upIsGood: false })}
            />
          </div>
          <RejectionReasonsTable rows={analytics.data?.rejectionReasons} isLoading={analytics.isPending} />
          <BidderPerformanceTable rows={analytics.data?.bidders} isLoading={analytics.isPending} />
        </>
      )}
    </div>
  )
}
