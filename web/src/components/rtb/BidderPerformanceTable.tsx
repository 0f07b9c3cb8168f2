import { Users } from 'lucide-react'
import type { RtbAnalytics } from '@/api/rtb'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { formatCount, formatPercent } from '@/lib/format'
import { ResponseTimeLabel } from './ResponseTimeLabel'

type Row = RtbAnalytics['bidders'][number]

const COLUMNS: Column<Row>[] = [
  { id: 'name', header: 'Bidder', cell: (r) => <span className="font-medium">{r.name}</span> },
  { id: 'bids', header: 'Bids', align: 'right', cell: (r) => formatCount(r.bids) },
  { id: 'successes', header: 'Valid bids', align: 'right', cell: (r) => formatCount(r.successes) },
  { id: 'successRate', header: 'Success rate', align: 'right', cell: (r) => formatPercent(r.successRate) },
  { id: 'wins', header: 'Wins', align: 'right', cell: (r) => formatCount(r.wins) },
  { id: 'winRate', header: 'Win rate', align: 'right', cell: (r) => formatPercent(r.winRate) },
  { id: 'avg', header: 'Avg response', align: 'right', cell: (r) => <ResponseTimeLabel ms={r.averageResponseMs} /> },
]

export function BidderPerformanceTable({ rows, isLoading }: { rows: readonly Row[] | undefined; isLoading: boolean }) {
  return (
    <section className="flex flex-col gap-2">
      <h2 className="text-sm font-semibold">Bidder performance</h2>
      <DataTable
        caption="Bidder performance"
        columns={COLUMNS}
        rows={rows}
        getRowKey={(r) => r.targetId}
        isLoading={isLoading}
        empty={<EmptyState icon={Users} title="No bids in this range" description="Bidders appear here once auctions run on live calls." />}
      />
    </section>
  )
}
