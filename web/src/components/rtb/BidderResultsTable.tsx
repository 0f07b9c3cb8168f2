import { ListX } from 'lucide-react'
import { useBidResponses, type BidResponse } from '@/api/rtb'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { formatMoney, formatPhone } from '@/lib/format'
import { rejectionText } from './rejection'
import { ResponseTimeLabel } from './ResponseTimeLabel'

/** Accepted bids ranked by amount (1 = highest); others get no rank. */
function ranks(rows: readonly BidResponse[]): Map<number, number> {
  const accepted = rows.filter((r) => r.isAccepted && r.bidAmount).sort((a, b) => Number(b.bidAmount) - Number(a.bidAmount))
  return new Map(accepted.map((r, i) => [r.id, i + 1]))
}

function columns(rank: Map<number, number>): Column<BidResponse>[] {
  return [
    { id: 'bidder', header: 'Bidder', cell: (r) => <span className="font-medium">{r.targetName ?? `Target #${r.rtbTargetId}`}</span> },
    { id: 'bid', header: 'Bid amount', align: 'right', cell: (r) => (r.bidAmount ? `${formatMoney(r.bidAmount)} ${r.bidCurrency ?? ''}`.trim() : '—') },
    { id: 'time', header: 'Response time', cell: (r) => <ResponseTimeLabel ms={r.responseTimeMs} /> },
    { id: 'destination', header: 'Destination', cell: (r) => formatPhone(r.destinationNumber) },
    {
      id: 'status',
      header: 'Status',
      cell: (r) => {
        const rejection = rejectionText(r.rejectionReason, r.rejectionCode)
        return (
          <div className="flex flex-col gap-1">
            <StatusBadge status={r.responseStatus} label={r.isWinningBid ? 'Won' : undefined} />
            {rejection && <span className="text-xs text-destructive">{rejection}</span>}
            {r.errorMessage && !rejection?.includes(r.errorMessage) && <span className="text-xs text-destructive">{r.errorMessage}</span>}
          </div>
        )
      },
    },
    { id: 'rank', header: 'Winner rank', align: 'right', cell: (r) => (rank.has(r.id) ? `#${rank.get(r.id)}` : '—') },
  ]
}

/** Every bidder's result, ranked, from responses already at hand. */
export function BidderResults({
  rows,
  isLoading = false,
  error = null,
  onRetry,
}: {
  rows: readonly BidResponse[] | undefined
  isLoading?: boolean
  error?: Error | null
  onRetry?: () => void
}) {
  return (
    <section className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold">Individual Bidder Results</h3>
      <DataTable
        caption="Individual bidder results"
        columns={columns(ranks(rows ?? []))}
        rows={rows}
        getRowKey={(r) => r.id}
        isLoading={isLoading}
        error={error}
        onRetry={onRetry}
        empty={<EmptyState icon={ListX} title="No bidder responses recorded" />}
      />
    </section>
  )
}

/** The spec's "Individual Bidder Results", fetched for one auction. */
export function BidderResultsTable({ requestId }: { requestId: string }) {
  const responses = useBidResponses(requestId)
  return (
    <BidderResults
      rows={responses.data}
      isLoading={responses.isPending}
      error={responses.error}
      onRetry={() => void responses.refetch()}
    />
  )
}
