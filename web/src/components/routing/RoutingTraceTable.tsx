import type { RoutingTraceEntry } from '@/api/types'
import { Badge, type BadgeProps } from '@/components/ui/badge'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { labelOf, traceResultLabels } from '@/lib/labels'

const VARIANTS: Record<string, BadgeProps['variant']> = { selected: 'success', eligible: 'info', skipped: 'neutral' }

/**
 * The routing decision trace: every buyer the engine considered, in its order, with
 * what became of it and why (each skipped buyer's reason).
 */
export function RoutingTraceTable({ trace, caption = 'Routing decision trace' }: { trace: readonly RoutingTraceEntry[]; caption?: string }) {
  if (trace.length === 0) {
    return <p className="text-sm text-muted-foreground">No buyer was considered.</p>
  }
  return (
    <Table>
      <TableCaption>{caption}</TableCaption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead scope="col">Buyer</TableHead>
          <TableHead scope="col">Result</TableHead>
          <TableHead scope="col">Reason</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {trace.map((entry, i) => (
          <TableRow key={`${entry.buyerId}-${i}`}>
            <TableCell className="font-medium">{entry.buyerName}</TableCell>
            <TableCell>
              <Badge variant={VARIANTS[entry.result] ?? 'neutral'}>{labelOf(traceResultLabels, entry.result)}</Badge>
            </TableCell>
            <TableCell className="whitespace-normal text-muted-foreground">{entry.reason || '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}
