import { FlaskConical, Pencil, Trash2 } from 'lucide-react'
import type { RtbTarget } from '@/api/rtb'
import type { Column } from '@/components/shared/DataTable'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { formatCount, formatPercent } from '@/lib/format'
import { ResponseTimeLabel } from './ResponseTimeLabel'

interface Actions {
  onEdit: (t: RtbTarget) => void
  onDelete: (t: RtbTarget) => void
  onTest: (t: RtbTarget) => void
}

export function rtbTargetColumns({ onEdit, onDelete, onTest }: Actions): Column<RtbTarget>[] {
  return [
    {
      id: 'name',
      header: 'Target Name',
      sortKey: 'name',
      cell: (t) => (
        <button type="button" className="font-medium hover:text-primary hover:underline" onClick={() => onEdit(t)}>
          {t.name}
        </button>
      ),
    },
    { id: 'company', header: 'Company', className: 'hidden md:table-cell', cell: (t) => t.company ?? <span className="text-muted-foreground">—</span> },
    { id: 'endpointUrl', header: 'Endpoint URL', className: 'hidden lg:table-cell max-w-64 truncate', cell: (t) => <span className="font-mono text-xs" title={t.endpointUrl}>{t.endpointUrl}</span> },
    { id: 'status', header: 'Status', sortKey: 'status', cell: (t) => <StatusBadge status={t.status} /> },
    { id: 'responseTime', header: 'Response Time', align: 'right', cell: (t) => <ResponseTimeLabel ms={t.responseTimeMs} /> },
    { id: 'successRate', header: 'Success Rate', align: 'right', cell: (t) => formatPercent(t.successRate) },
    { id: 'winRate', header: 'Win Rate', align: 'right', cell: (t) => formatPercent(t.winRate) },
    { id: 'totalBids', header: 'Total Bids', align: 'right', cell: (t) => formatCount(t.totalBids) },
    {
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      align: 'right',
      cell: (t) => (
        <div className="flex justify-end gap-1">
          <Button variant="outline" size="sm" aria-label={`Test bidding ${t.name}`} onClick={() => onTest(t)}>
            <FlaskConical aria-hidden="true" />
            Test bidding
          </Button>
          <Button variant="ghost" size="icon" className="size-8" aria-label={`Edit ${t.name}`} title="Edit" onClick={() => onEdit(t)}>
            <Pencil aria-hidden="true" />
          </Button>
          <Button variant="ghost" size="icon" className="size-8 text-destructive hover:text-destructive" aria-label={`Delete ${t.name}`} title="Delete" onClick={() => onDelete(t)}>
            <Trash2 aria-hidden="true" />
          </Button>
        </div>
      ),
    },
  ]
}
