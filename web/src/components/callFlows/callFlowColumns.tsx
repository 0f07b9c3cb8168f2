import { Trash2 } from 'lucide-react'
import { Link } from 'react-router'
import type { CallFlowSummary } from '@/api/callFlows'
import type { Column } from '@/components/shared/DataTable'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { formatCount, formatShortDateTime } from '@/lib/format'

export function FlowStatusBadge({ status }: { status: string }) {
  const published = status === 'published'
  return (
    <Badge variant={published ? 'success' : 'neutral'}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current opacity-70" />
      {published ? 'Published' : 'Draft'}
    </Badge>
  )
}

/** The campaigns (linked) and the count of tracking numbers that run a flow. */
export function UsedBy({ flow }: { flow: CallFlowSummary }) {
  const parts = flow.campaigns.length + flow.numbers
  if (parts === 0) return <span className="text-muted-foreground">Not used</span>
  return (
    <div className="flex max-w-64 flex-col gap-0.5 text-sm">
      {flow.campaigns.map((c) => (
        <Link key={c.id} to={`/campaigns/${c.id}`} className="truncate hover:text-primary hover:underline">
          {c.name}
        </Link>
      ))}
      {flow.numbers > 0 && (
        <span className="text-muted-foreground">
          {flow.numbers === 1 ? '1 tracking number' : `${formatCount(flow.numbers)} tracking numbers`}
        </span>
      )}
    </div>
  )
}

export function callFlowColumns({ onDelete, canWrite = true }: { onDelete: (flow: CallFlowSummary) => void; canWrite?: boolean }): Column<CallFlowSummary>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      sortKey: 'name',
      cell: (f) => (
        <div className="flex flex-col">
          <Link to={`/call-flows/${f.id}`} className="font-medium hover:text-primary hover:underline">
            {f.name}
          </Link>
          {f.description && <span className="max-w-72 truncate text-xs text-muted-foreground">{f.description}</span>}
        </div>
      ),
    },
    { id: 'status', header: 'Status', cell: (f) => <FlowStatusBadge status={f.status} /> },
    {
      id: 'version',
      header: 'Published version',
      align: 'right',
      cell: (f) => (f.publishedVersion != null ? `v${f.publishedVersion}` : '—'),
    },
    {
      id: 'usedBy',
      header: 'Used by',
      className: 'hidden sm:table-cell',
      cell: (f) => <UsedBy flow={f} />,
    },
    {
      id: 'calls',
      header: 'Calls (7 days)',
      align: 'right',
      className: 'hidden sm:table-cell',
      cell: (f) => formatCount(f.callsLast7Days),
    },
    { id: 'nodes', header: 'Nodes', align: 'right', className: 'hidden lg:table-cell', cell: (f) => formatCount(f.nodeCount) },
    { id: 'updated', header: 'Updated', sortKey: 'updatedAt', className: 'hidden md:table-cell', cell: (f) => formatShortDateTime(f.updatedAt) },
    {
      id: 'actions',
      header: 'Actions',
      align: 'right',
      cell: (f) => (
        <div className="flex justify-end gap-1">
          <Button asChild variant="ghost" size="sm">
            <Link to={`/call-flows/${f.id}`} aria-label={`${canWrite ? 'Edit' : 'View'} ${f.name}`}>
              {canWrite ? 'Edit' : 'View'}
            </Link>
          </Button>
          {canWrite && (
            <Button
              variant="ghost"
              size="icon"
              className="size-8 text-destructive hover:text-destructive"
              aria-label={`Delete ${f.name}`}
              title="Delete"
              onClick={() => onDelete(f)}
            >
              <Trash2 aria-hidden="true" />
            </Button>
          )}
        </div>
      ),
    },
  ]
}
