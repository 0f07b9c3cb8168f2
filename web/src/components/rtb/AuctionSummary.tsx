import type { BidRequest } from '@/api/rtb'
import { DetailList } from '@/components/shared/DetailList'
import { formatDateTime, formatMoney, formatPhone } from '@/lib/format'

export function AuctionSummary({ auction: a }: { auction: BidRequest }) {
  return (
    <section aria-label="Auction summary" className="rounded-md border border-border p-4">
      <DetailList
        className="lg:grid-cols-4"
        items={[
          { label: 'Request ID', value: <span className="font-mono text-xs">{a.requestId}</span> },
          { label: 'Campaign', value: a.campaignName ?? a.campaignId },
          { label: 'Call start', value: formatDateTime(a.callStartTime) },
          { label: 'Targets pinged', value: a.totalTargets },
          { label: 'Successful / failed', value: `${a.successfulResponses} successful, ${a.failedResponses} failed` },
          { label: 'Average response time', value: `${a.averageResponseTimeMs} ms` },
          { label: 'Winner', value: a.winningTargetName ?? 'No winner' },
          { label: 'Winning bid', value: formatMoney(a.winningBid) },
          { label: 'Destination', value: formatPhone(a.winningDestination) },
        ]}
      />
    </section>
  )
}
