import { Pencil, Trash2 } from 'lucide-react'
import { Link } from 'react-router'
import type { Buyer } from '@/api/types'
import type { Column } from '@/components/shared/DataTable'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { formatCount, formatMoney, formatPercent, formatPhone } from '@/lib/format'
import { BuyerCapacity } from './BuyerCapacity'

/** The buyer's detail page. */
export function buyerPath(b: Pick<Buyer, 'id'>): string {
  return `/buyers/${encodeURIComponent(String(b.id))}`
}

/** The buyer list's columns; the company is shown under the name. */
export function buyerColumns({ onEdit, onDelete }: { onEdit: (b: Buyer) => void; onDelete: (b: Buyer) => void }): Column<Buyer>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      sortKey: 'name',
      cell: (b) => (
        <div className="flex max-w-56 flex-col items-start">
          <Link to={buyerPath(b)} className="max-w-full truncate font-medium text-foreground hover:text-primary hover:underline">
            {b.name}
          </Link>
          {b.company && <span className="max-w-full truncate text-xs text-muted-foreground">{b.company}</span>}
        </div>
      ),
    },
    { id: 'phone', header: 'Phone', cell: (b) => <span className="whitespace-nowrap tabular-nums">{formatPhone(b.phone)}</span> },
    { id: 'priority', header: 'Priority', sortKey: 'priority', align: 'right', cell: (b) => b.priority },
    { id: 'status', header: 'Status', sortKey: 'status', cell: (b) => <StatusBadge status={b.status} /> },
    { id: 'capacity', header: 'Capacity', align: 'right', cell: (b) => <BuyerCapacity buyer={b} /> },
    { id: 'successRate', header: 'Success Rate', align: 'right', className: 'hidden lg:table-cell', cell: (b) => formatPercent(b.successRate) },
    { id: 'totalCalls', header: 'Total Calls', sortKey: 'totalCalls', align: 'right', className: 'hidden lg:table-cell', cell: (b) => formatCount(b.totalCalls) },
    { id: 'revenue', header: 'Revenue', sortKey: 'revenue', align: 'right', cell: (b) => formatMoney(b.revenue) },
    {
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      align: 'right',
      cell: (b) => (
        <div className="flex justify-end gap-1">
          <Button variant="ghost" size="icon" className="size-8" aria-label={`Edit ${b.name}`} title="Edit" onClick={() => onEdit(b)}>
            <Pencil aria-hidden="true" />
          </Button>
          <Button
            variant="ghost"
            size="icon"
            className="size-8 text-destructive hover:text-destructive"
            aria-label={`Delete ${b.name}`}
            title="Delete"
            onClick={() => onDelete(b)}
          >
            <Trash2 aria-hidden="true" />
          </Button>
        </div>
      ),
    },
  ]
}
