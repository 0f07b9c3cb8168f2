import { FlaskConical, Pencil, Trash2 } from 'lucide-react'
import type { RtbTarget } from '@/api/rtb'
import type { Column } from '@/components/shared/DataTable'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { formatCount, formatPercent } from '@/lib/format'
import { ResponseTimeLabel } from './ResponseTimeLabel'

interface Actions {
  /** False for a role that may not change targets (nor test them): the name opens nothing. */
  canWrite?: boolean
  onEdit: (t: RtbTarget) => void
  onDelete: (t: RtbTarget) => void
  onTest: (t: RtbTarget) => void
}

/** The RTB target list's columns; the company is shown under the name. */
export function rtbTargetColumns({ onEdit, onDelete, onTest, canWrite = true }: Actions): Column<RtbTarget>[] {
  return [
    {
      id: 'name',
      header: 'Target Name',
      sortKey: 'name',
      cell: (t) => (
        <div className="flex max-w-56 flex-col items-start">
          {canWrite ? (
            <button type="button" className="max-w-full truncate text-left font-medium hover:text-primary hover:underline" onClick={() => onEdit(t)}>
              {t.name}
            </button>
          ) : (
            <span className="max-w-full truncate font-medium">{t.name}</span>
          )}
          {t.company && <span className="max-w-full truncate text-xs text-muted-foreground">{t.company}</span>}
        </div>
      ),
    },
    {
      id: 'endpointUrl',
      header: 'Endpoint URL',
      className: 'hidden 2xl:table-cell',
      hideInCard: true,
      cell: (t) => (
        <span className="block max-w-56 truncate font-mono text-xs" title={t.endpointUrl}>
          {t.endpointUrl}
        </span>
      ),
    },
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
          <Button variant="outline" size="sm" aria-label={`Test bidding ${t.name}`} title="Test bidding" onClick={() => onTest(t)}>
            <FlaskConical aria-hidden="true" />
            <span className="hidden sm:inline">Test bidding</span>
          </Button>
          {canWrite && (
            <>
              <Button variant="ghost" size="icon" className="size-8" aria-label={`Edit ${t.name}`} title="Edit" onClick={() => onEdit(t)}>
                <Pencil aria-hidden="true" />
              </Button>
              <Button variant="ghost" size="icon" className="size-8 text-destructive hover:text-destructive" aria-label={`Delete ${t.name}`} title="Delete" onClick={() => onDelete(t)}>
                <Trash2 aria-hidden="true" />
              </Button>
            </>
          )}
        </div>
      ),
    },
  ]
}
