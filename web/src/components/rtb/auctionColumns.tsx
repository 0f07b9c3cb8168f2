import type { BidRequest } from '@/api/rtb'
import type { Column } from '@/components/shared/DataTable'
import { formatCount, formatDateTime, formatMoney, formatShortDateTime } from '@/lib/format'

/** The auction list's columns; times in the user's time zone. */
export function auctionColumns({ onOpen, timeZone }: { onOpen: (a: BidRequest) => void; timeZone?: string }): Column<BidRequest>[] {
  return [
    {
      id: 'requestId',
      header: 'Request ID',
      cell: (a) => (
        <button
          type="button"
          className="block max-w-36 truncate font-mono text-xs hover:text-primary hover:underline"
          onClick={() => onOpen(a)}
          aria-label={`Open auction ${a.requestId}`}
          title={a.requestId}
        >
          {a.requestId}
        </button>
      ),
    },
    { id: 'campaign', header: 'Campaign', cell: (a) => <span className="block max-w-44 truncate">{a.campaignName ?? a.campaignId}</span> },
    {
      id: 'callStartTime',
      header: 'Call start',
      className: 'hidden md:table-cell',
      cell: (a) => <time dateTime={a.callStartTime} title={formatDateTime(a.callStartTime, timeZone)}>{formatShortDateTime(a.callStartTime, timeZone)}</time>,
    },
    { id: 'totalTargets', header: 'Pinged', align: 'right', cell: (a) => formatCount(a.totalTargets) },
    { id: 'successful', header: 'Successful', align: 'right', cell: (a) => formatCount(a.successfulResponses) },
    { id: 'failed', header: 'Failed', align: 'right', cell: (a) => formatCount(a.failedResponses) },
    { id: 'totalTime', header: 'Total time', align: 'right', className: 'hidden lg:table-cell', cell: (a) => `${formatCount(a.totalResponseTimeMs)} ms` },
    { id: 'winningBid', header: 'Winning bid', align: 'right', cell: (a) => formatMoney(a.winningBid) },
    {
      id: 'winner',
      header: 'Winner',
      cell: (a) =>
        a.winningTargetName ? <span className="block max-w-44 truncate">{a.winningTargetName}</span> : <span className="text-muted-foreground">No winner</span>,
    },
  ]
}
