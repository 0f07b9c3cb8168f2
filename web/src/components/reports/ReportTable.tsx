import type { Metric, ReportResult } from '@/api/reports'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { dimensionLabels, dimensionValueLabel, formatMetric, metricLabels, rowKey } from './reportFormat'

interface ReportTableProps {
  result: ReportResult
  caption: string
  /** The metric columns (default: all of the result's). */
  metrics?: readonly Metric[]
  /** Adds the totals row (default: when the report has a dimension). */
  showTotals?: boolean
}

/** A report's rows, one column per dimension and metric, with a totals row. */
export function ReportTable({ result, caption, metrics = result.metrics, showTotals = result.dimensions.length > 0 }: ReportTableProps) {
  const dimensions = result.dimensions
  return (
    <Table>
      <TableCaption>{caption}</TableCaption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          {dimensions.length === 0 && (
            <TableHead scope="col" sticky="left">
              Report
            </TableHead>
          )}
          {dimensions.map((d, j) => (
            <TableHead key={d} scope="col" sticky={j === 0 ? 'left' : undefined}>
              {dimensionLabels[d]}
            </TableHead>
          ))}
          {metrics.map((m) => (
            <TableHead key={m} scope="col" className="text-right">
              {metricLabels[m]}
            </TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {result.rows.map((row, i) => (
          <TableRow key={rowKey(row, i)}>
            {dimensions.length === 0 && (
              <TableCell sticky="left" className="font-medium">
                All calls
              </TableCell>
            )}
            {dimensions.map((d, j) => (
              <TableCell key={d} sticky={j === 0 ? 'left' : undefined} className={j === 0 ? 'max-w-64 truncate font-medium' : 'max-w-64 truncate'}>
                {dimensionValueLabel(d, row, j)}
              </TableCell>
            ))}
            {metrics.map((m) => (
              <TableCell key={m} className="text-right tabular-nums">
                {formatMetric(m, row.values[m])}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
      {showTotals && (
        <tfoot className="border-t-2 border-border bg-table-head font-semibold">
          <TableRow className="hover:bg-transparent">
            <TableHead scope="row" sticky="left" colSpan={Math.max(1, dimensions.length)} className="text-sm text-foreground">
              Total
            </TableHead>
            {metrics.map((m) => (
              <TableCell key={m} className="text-right tabular-nums">
                {formatMetric(m, result.totals[m])}
              </TableCell>
            ))}
          </TableRow>
        </tfoot>
      )}
    </Table>
  )
}
