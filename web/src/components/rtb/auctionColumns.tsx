import type { BidRequest } from '@/api/rtb'
import type { Column } from '@/components/shared/DataTable'
import { formatCount, formatDateTime, formatMoney } from '@/lib/format'

export function auctionColumns({ onOpen }: { onOpen: (a: BidRequest) => void }): Column<BidRequest>[] {
  return [
    {
      id: 'requestId',
      header: 'Request ID',
      cell: (a) => (
        <button type="button" className="font-mono text-xs hover:text-primary hover:underline" onClick={() => onOpen(a)} aria-label={`Open auction ${a.requestId}`}>
          {a.requestId}
        </button>
      ),
    },
    { id: 'campaign', header: 'Campaign', cell: (a) => a.campaignName ?? a.campaignId },
    { id: 'callStartTime', header: 'Call start', className: 'hidden md:table-cell', cell: (a) => formatDateTime(a.callStartTime) },
    { id: 'totalTargets', header: 'Targets pinged', align: 'right', cell: (a) => formatCount(a.totalTargets) },
    { id: 'successful', header: 'Successful', align: 'right', cell: (a) => formatCount(a.successfulResponses) },
    { id: 'failed', header: 'Failed', align: 'right', cell: (a) => formatCount(a.failedResponses) },
    { id: 'totalTime', header: 'Total time', align: 'right', className: 'hidden lg:table-cell', cell: (a) => `${a.totalResponseTimeMs} ms` },
    { id: 'winningBid', header: 'Winning bid', align: 'right', cell: (a) => formatMoney(a.winningBid) },
    { id: 'winner', header: 'Winner', cell: (a) => a.winningTargetName ?? <span className="text-muted-foreground">No winner</span> },
  ]
}
