import { ShieldCheck } from 'lucide-react'
import type { RtbAnalytics } from '@/api/rtb'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { formatCount } from '@/lib/format'

type Row = RtbAnalytics['rejectionReasons'][number]

const COLUMNS: Column<Row>[] = [
  { id: 'code', header: 'Code', cell: (r) => <span className="tabular-nums">{r.code ?? '—'}</span> },
  { id: 'reason', header: 'Reason', cell: (r) => r.reason ?? 'Unspecified' },
  { id: 'count', header: 'Count', align: 'right', cell: (r) => formatCount(r.count) },
]

export function RejectionReasonsTable({ rows, isLoading }: { rows: readonly Row[] | undefined; isLoading: boolean }) {
  return (
    <section className="flex flex-col gap-2">
      <h2 className="text-sm font-semibold">Rejection reasons</h2>
      <DataTable
        caption="Rejection reasons"
        columns={COLUMNS}
        rows={rows}
        getRowKey={(r) => `${r.code ?? ''}-${r.reason ?? ''}`}
        isLoading={isLoading}
        empty={<EmptyState icon={ShieldCheck} title="No rejections in this range" />}
      />
    </section>
  )
}
