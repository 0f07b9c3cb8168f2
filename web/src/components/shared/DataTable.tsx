import { ArrowDown, ArrowUp, RefreshCw } from 'lucide-react'
import { useId, type MouseEvent, type ReactNode } from 'react'
import type { SortOrder } from '@/api/types'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow, type StickySide } from '@/components/ui/table'
import { useIsPhone } from '@/hooks/useMediaQuery'
import { cn } from '@/lib/utils'
import { OptionSelect } from './OptionSelect'
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
  /**
   * Kept in view while the table scrolls sideways. By default the first column sticks to the
   * left and the `actions` column to the right; `false` turns that off.
   */
  sticky?: StickySide | false
  /** The field's name on a phone's card, when `header` is not plain text. */
  cardLabel?: string
  /** Left off the phone's card (the table still shows it). */
  hideInCard?: boolean
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
  /** On phones (< 640 px), show one card per row instead of the table (for the main lists). */
  cards?: boolean
  /**
   * A click anywhere on a row (or a phone's card) that is not on one of its links, buttons or
   * inputs, e.g. to open the row's page. A mouse convenience: keep a link in the row for keyboards.
   */
  onRowClick?: (row: T) => void
}

const INTERACTIVE = 'a, button, input, select, textarea, label, [role="button"], [role="menuitem"], [role="checkbox"], [role="switch"]'

/** The row-click handler of `row`, or undefined; clicks on controls (and in portals) are left alone. */
function rowClickHandler<T>(onRowClick: ((row: T) => void) | undefined, row: T) {
  if (!onRowClick) return undefined
  return (event: MouseEvent<HTMLElement>) => {
    const target = event.target as HTMLElement
    if (!event.currentTarget.contains(target) || target.closest(INTERACTIVE)) return
    if (window.getSelection()?.toString()) return
    onRowClick(row)
  }
}

function stickySide<T>(column: Column<T>, index: number): StickySide | undefined {
  if (column.sticky === false) return undefined
  if (column.sticky) return column.sticky
  if (index === 0) return 'left'
  return column.id === 'actions' ? 'right' : undefined
}

function headerText<T>(column: Column<T>): string {
  return column.cardLabel ?? (typeof column.header === 'string' ? column.header : column.id)
}

/** Names of sort orders that no column heading names (a list's default sort). */
const SORT_NAMES: Record<string, string> = { createdAt: 'Date created' }

/**
 * A list in a card: sortable headings, loading skeleton, error (with Retry) and empty states.
 * A table wider than its card scrolls inside it, its first and actions columns kept in view;
 * with `cards`, phones get a card per row instead.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { caption, rows, error, onRetry, isLoading, empty, footer, cards } = props
  const phone = useIsPhone()
  if (error && !rows) {
    return <QueryErrorAlert title={`The ${caption.toLowerCase()} could not be loaded.`} error={error} onRetry={onRetry} />
  }

  const loading = isLoading || !rows
  return (
    <Card className="overflow-hidden">
      {!loading && rows.length === 0 ? (
        empty
      ) : cards && phone ? (
        <RowCards {...props} loading={loading} />
      ) : (
        <RowTable {...props} loading={loading} />
      )}
      {error && rows && (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-2 border-t border-border px-4 py-2 text-xs text-destructive">
          <span>Refreshing failed: {error.message}</span>
          {onRetry && (
            <Button variant="outline" size="sm" className="h-7" onClick={onRetry}>
              <RefreshCw aria-hidden="true" />
              Retry
            </Button>
          )}
        </div>
      )}
      {footer}
    </Card>
  )
}

function RowTable<T>({
  caption,
  columns,
  rows,
  getRowKey,
  loading,
  isFetching,
  sort,
  order,
  onSort,
  onRowClick,
}: DataTableProps<T> & { loading: boolean }) {
  return (
    <Table aria-busy={loading || isFetching ? true : undefined} className={cn(isFetching && !loading && 'opacity-60')}>
      <TableCaption>{caption}</TableCaption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          {columns.map((column, index) => {
            const active = column.sortKey !== undefined && column.sortKey === sort
            return (
              <TableHead
                key={column.id}
                scope="col"
                sticky={stickySide(column, index)}
                className={cn(column.align === 'right' && 'text-right', column.className)}
                aria-sort={column.sortKey ? (active ? (order === 'desc' ? 'descending' : 'ascending') : 'none') : undefined}
              >
                {column.sortKey && onSort ? (
                  <SortableHeader active={active} order={order} align={column.align} onSort={() => onSort(column.sortKey as string)}>
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
        {loading || !rows
          ? [0, 1, 2, 3, 4].map((i) => (
              <TableRow key={i} className="hover:bg-transparent">
                {columns.map((column, index) => (
                  <TableCell key={column.id} sticky={stickySide(column, index)} className={column.className}>
                    <Skeleton className="h-4 w-full min-w-12" />
                  </TableCell>
                ))}
              </TableRow>
            ))
          : rows.map((row) => (
              <TableRow key={getRowKey(row)} className={cn(onRowClick && 'cursor-pointer')} onClick={rowClickHandler(onRowClick, row)}>
                {columns.map((column, index) => (
                  <TableCell
                    key={column.id}
                    sticky={stickySide(column, index)}
                    className={cn(column.align === 'right' && 'text-right tabular-nums', column.className)}
                  >
                    {column.cell(row)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
      </TableBody>
    </Table>
  )
}

/** Phones: each row as a card, its first column as the title and its actions beside it. */
function RowCards<T>({
  caption,
  columns,
  rows,
  getRowKey,
  loading,
  isFetching,
  sort,
  order,
  onSort,
  onRowClick,
}: DataTableProps<T> & { loading: boolean }) {
  const sortId = useId()
  const [title, ...others] = columns
  const actions = others.find((column, i) => stickySide(column, i + 1) === 'right')
  const fields = others.filter((column) => column !== actions && !column.hideInCard)
  const sortable = columns.filter((column) => column.sortKey)
  return (
    <>
      {onSort && sortable.length > 0 && (
        <div className="flex items-center gap-2 border-b border-border px-4 py-2 text-sm">
          <label htmlFor={sortId} className="text-muted-foreground">
            Sort by
          </label>
          <OptionSelect
            id={sortId}
            className="h-8 w-40"
            value={sort ?? ''}
            onValueChange={(value) => value !== sort && onSort(value)}
            options={[
              ...(sort && !sortable.some((column) => column.sortKey === sort) ? [{ value: sort, label: SORT_NAMES[sort] ?? sort }] : []),
              ...sortable.map((column) => ({ value: column.sortKey as string, label: headerText(column) })),
            ]}
          />
          {sort && (
            <Button
              variant="ghost"
              size="icon"
              className="size-8"
              aria-label={order === 'desc' ? 'Descending: sort ascending' : 'Ascending: sort descending'}
              onClick={() => onSort(sort)}
            >
              {order === 'desc' ? <ArrowDown aria-hidden="true" /> : <ArrowUp aria-hidden="true" />}
            </Button>
          )}
        </div>
      )}
      <ul aria-label={caption} aria-busy={loading || isFetching ? true : undefined} className={cn('divide-y divide-border', isFetching && !loading && 'opacity-60')}>
        {loading || !rows
          ? [0, 1, 2].map((i) => (
              <li key={i} className="flex flex-col gap-3 p-4">
                <Skeleton className="h-5 w-40" />
                <Skeleton className="h-10 w-full" />
              </li>
            ))
          : rows.map((row) => (
              <li key={getRowKey(row)} className={cn('flex flex-col gap-3 p-4', onRowClick && 'cursor-pointer')} onClick={rowClickHandler(onRowClick, row)}>
                {title && (
                  <div className="flex items-start justify-between gap-3">
                    <div className="min-w-0 flex-1 break-words">{title.cell(row)}</div>
                    {actions && <div className="-my-1 shrink-0">{actions.cell(row)}</div>}
                  </div>
                )}
                {fields.length > 0 && (
                  <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
                    {fields.map((column) => (
                      <div key={column.id} className="flex min-w-0 flex-col gap-0.5">
                        <dt className="text-xs text-muted-foreground">{headerText(column)}</dt>
                        <dd className="min-w-0 break-words tabular-nums">{column.cell(row)}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </li>
            ))}
      </ul>
    </>
  )
}
