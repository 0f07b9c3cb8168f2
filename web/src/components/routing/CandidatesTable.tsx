import type { RoutingCandidate } from '@/api/types'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatMoney, formatPhone } from '@/lib/format'

/** The buyers that could take the call, in the order they would be tried. */
export function CandidatesTable({
  candidates,
  caption = 'Eligible buyers, in the order they would be tried',
  empty = 'No buyer could take the call.',
}: {
  candidates: readonly RoutingCandidate[]
  caption?: string
  empty?: string
}) {
  if (candidates.length === 0) return <p className="text-sm text-muted-foreground">{empty}</p>
  return (
    <Table>
      <TableCaption>{caption}</TableCaption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead scope="col" className="w-10 text-right">#</TableHead>
          <TableHead scope="col">Buyer</TableHead>
          <TableHead scope="col">Number</TableHead>
          <TableHead scope="col">Backup</TableHead>
          <TableHead scope="col" className="text-right">Payout</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {candidates.map((c, i) => (
          <TableRow key={`${c.buyerId}-${i}`}>
            <TableCell className="text-right tabular-nums text-muted-foreground">{i + 1}</TableCell>
            <TableCell className="font-medium">{c.buyerName}</TableCell>
            <TableCell className="tabular-nums">{formatPhone(c.number)}</TableCell>
            <TableCell className="tabular-nums">{c.backupNumber ? formatPhone(c.backupNumber) : '—'}</TableCell>
            <TableCell className="text-right tabular-nums">{formatMoney(c.payout)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}
