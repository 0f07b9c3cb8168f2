import type { ImportRow } from '@/api/types'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatPhone } from '@/lib/format'

const LABELS = { ok: 'OK', error: 'Error', duplicate: 'Duplicate' } as const

/** The per-row report of a CSV import: line, number, status and why. */
export function ImportReportTable({ rows }: { rows: readonly ImportRow[] }) {
  return (
    <div className="max-h-72 overflow-y-auto rounded-lg border border-border">
      <Table>
        <TableCaption>Import report</TableCaption>
        <TableHeader className="sticky top-0 z-10 bg-muted">
          <TableRow className="hover:bg-transparent">
            <TableHead scope="col" className="text-right">Line</TableHead>
            <TableHead scope="col">Number</TableHead>
            <TableHead scope="col">Status</TableHead>
            <TableHead scope="col">Reason</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.line} className={row.status === 'ok' ? undefined : 'bg-destructive/5'}>
              <TableCell className="text-right tabular-nums">{row.line}</TableCell>
              <TableCell className="tabular-nums">{row.phoneNumber ? formatPhone(row.phoneNumber) : '—'}</TableCell>
              <TableCell>
                <StatusBadge status={row.status} label={LABELS[row.status] ?? row.status} />
              </TableCell>
              <TableCell className="whitespace-normal text-muted-foreground">{row.reason ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  )
}
