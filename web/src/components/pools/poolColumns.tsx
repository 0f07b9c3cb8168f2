import { Pencil, Trash2 } from 'lucide-react'
import { Link } from 'react-router'
import type { Pool } from '@/api/types'
import type { Column } from '@/components/shared/DataTable'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { formatCount } from '@/lib/format'
import { UsageBar } from './UsageBar'

export function poolColumns({ onEdit, onDelete }: { onEdit: (p: Pool) => void; onDelete: (p: Pool) => void }): Column<Pool>[] {
  return [
    {
      id: 'name',
      header: 'Pool Name',
      sortKey: 'name',
      cell: (p) => (
        <div className="flex flex-col">
          <Link to={`/pools/${p.id}`} className="font-medium hover:text-primary hover:underline">
            {p.name}
          </Link>
          {p.description && <span className="max-w-72 truncate text-xs text-muted-foreground">{p.description}</span>}
        </div>
      ),
    },
    { id: 'total', header: 'Phone Numbers', sortKey: 'totalNumbers', align: 'right', cell: (p) => formatCount(p.totalNumbers) },
    { id: 'available', header: 'Available', sortKey: 'availableNumbers', align: 'right', cell: (p) => formatCount(p.availableNumbers) },
    { id: 'assigned', header: 'Assigned', sortKey: 'assignedNumbers', align: 'right', className: 'hidden sm:table-cell', cell: (p) => formatCount(p.assignedNumbers) },
    { id: 'usage', header: 'Usage Rate', className: 'hidden md:table-cell', cell: (p) => <UsageBar value={p.usageRate} label={`Usage rate of ${p.name}`} /> },
    { id: 'status', header: 'Status', sortKey: 'status', cell: (p) => <StatusBadge status={p.status} /> },
    {
      id: 'actions',
      header: 'Actions',
      align: 'right',
      cell: (p) => (
        <div className="flex justify-end gap-1">
          <Button asChild variant="ghost" size="sm">
            <Link to={`/pools/${p.id}`} aria-label={`View ${p.name}`}>
              View
            </Link>
          </Button>
          <Button variant="ghost" size="icon" className="size-8" aria-label={`Edit ${p.name}`} title="Edit" onClick={() => onEdit(p)}>
            <Pencil aria-hidden="true" />
          </Button>
          <Button
            variant="ghost"
            size="icon"
            className="size-8 text-destructive hover:text-destructive"
            aria-label={`Delete ${p.name}`}
            title="Delete"
            onClick={() => onDelete(p)}
          >
            <Trash2 aria-hidden="true" />
          </Button>
        </div>
      ),
    },
  ]
}
