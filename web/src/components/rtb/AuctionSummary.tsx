import { useCurrentUser } from '@/api/auth'
import type { BidRequest } from '@/api/rtb'
import { DetailList } from '@/components/shared/DetailList'
import { formatCount, formatDateTime, formatMoney, formatPhone } from '@/lib/format'

/** The auction's figures (the spec's "Detailed Auction View"), times in the user's time zone. */
export function AuctionSummary({ auction: a }: { auction: BidRequest }) {
  const timeZone = useCurrentUser().data?.timeZone
  return (
    <section aria-label="Auction summary" className="rounded-md border border-border p-4">
      <DetailList
        className="lg:grid-cols-4"
        items={[
          { label: 'Request ID', value: <span className="font-mono text-xs">{a.requestId}</span> },
          { label: 'Campaign', value: a.campaignName ?? a.campaignId },
          { label: 'Call start', value: formatDateTime(a.callStartTime, timeZone) },
          { label: 'Targets pinged', value: formatCount(a.totalTargets) },
          { label: 'Successful / failed', value: `${formatCount(a.successfulResponses)} successful, ${formatCount(a.failedResponses)} failed` },
          { label: 'Average response time', value: `${formatCount(a.averageResponseTimeMs)} ms` },
          { label: 'Winner', value: a.winningTargetName ?? 'No winner' },
          { label: 'Winning bid', value: formatMoney(a.winningBid) },
          { label: 'Destination', value: formatPhone(a.winningDestination) },
        ]}
      />
    </section>
  )
}
