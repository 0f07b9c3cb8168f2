import type { ReactNode } from 'react'
import type { SortOrder } from '@/api/types'
import { Card } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { cn } from '@/lib/utils'
import { QueryErrorAlert } from './QueryErrorAlert'
import { SortableHeader } from './SortableHeader'

export interface Column<T> {
  id: string
  header: ReactNode
  cell: (row: T) => ReactNode
  /** The API's `sort` name; makes the heading a sort button. */
  sortKey?: string
  align?: 'left' | 'right'
  /** Classes for both the heading and the cells (e.g. `hidden lg:table-cell`). */
  className?: string
}

interface DataTableProps<T> {
  /** Names the table for assistive technology. */
  caption: string
  columns: readonly Column<T>[]
  rows: readonly T[] | undefined
  getRowKey: (row: T) => string | number
  isLoading?: boolean
  /** A background refresh (new page or sort): the rows shown so far are dimmed. */
  isFetching?: boolean
  error?: Error | null
  onRetry?: () => void
  /** Shown instead of the table when there are no rows. */
  empty: ReactNode
  sort?: string
  order?: SortOrder
  onSort?: (sortKey: string) => void
  /** Under the table, e.g. the pagination. */
  footer?: ReactNode
}

/** A list in a card: sortable headings, loading skeleton, error and empty states. */
export function DataTable<T>({
  caption,
  columns,
  rows,
  getRowKey,
  isLoading,
  isFetching,
  error,
  onRetry,
  empty,
  sort,
  order,
  onSort,
  footer,
}: DataTableProps<T>) {
  if (error && !rows) {
    return <QueryErrorAlert title={`The ${caption.toLowerCase()} could not be loaded.`} error={error} onRetry={onRetry} />
  }

  const loading = isLoading || !rows
  return (
    <Card className="overflow-hidden">
      {!loading && rows.length === 0 ? (
        empty
      ) : (
        <Table aria-busy={loading || isFetching ? true : undefined} className={cn(isFetching && !loading && 'opacity-60')}>
          <TableCaption>{caption}</TableCaption>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              {columns.map((column) => {
                const active = column.sortKey !== undefined && column.sortKey === sort
                return (
                  <TableHead
                    key={column.id}
                    scope="col"
                    className={cn(column.align === 'right' && 'text-right', column.className)}
                    aria-sort={column.sortKey ? (active ? (order === 'desc' ? 'descending' : 'ascending') : 'none') : undefined}
                  >
                    {column.sortKey && onSort ? (
                      <SortableHeader
                        active={active}
                        order={order}
                        align={column.align}
                        onSort={() => onSort(column.sortKey as string)}
                      >
                        {column.header}
                      </SortableHeader>
                    ) : (
                      column.header
                    )}
                  </TableHead>
                )
              })}
            </TableRow>
          </TableHeader>
          <TableBody>
            {loading
              ? [0, 1, 2, 3, 4].map((i) => (
                  <TableRow key={i} className="hover:bg-transparent">
                    {columns.map((column) => (
                      <TableCell key={column.id} className={column.className}>
                        <Skeleton className="h-4 w-full min-w-12" />
                      </TableCell>
                    ))}
                  </TableRow>
                ))
              : rows.map((row) => (
                  <TableRow key={getRowKey(row)}>
                    {columns.map((column) => (
                      <TableCell
                        key={column.id}
                        className={cn(column.align === 'right' && 'text-right tabular-nums', column.className)}
                      >
                        {column.cell(row)}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
          </TableBody>
        </Table>
      )}
      {error && rows && (
        <p role="alert" className="border-t border-border px-4 py-2 text-xs text-destructive">
          Refreshing failed: {error.message}
        </p>
      )}
      {footer}
    </Card>
  )
}
