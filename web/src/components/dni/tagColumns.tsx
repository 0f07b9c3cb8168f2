import { Trash2 } from 'lucide-react'
import { Link } from 'react-router'
import type { DniTag } from '@/api/types'
import type { Column } from '@/components/shared/DataTable'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { formatCount, formatDateTime, formatPhone } from '@/lib/format'
import { InstallState } from './InstallState'

/** "Spring pool · 3 / 10 in use", or the static number. */
export function TagSource({ tag }: { tag: DniTag }) {
  if (tag.numberSource === 'static') {
    return (
      <div className="flex flex-col">
        <span className="tabular-nums">{formatPhone(tag.staticNumber)}</span>
        <span className="text-xs text-muted-foreground">Static number</span>
      </div>
    )
  }
  return (
    <div className="flex flex-col">
      <span>{tag.poolName ?? 'Pool'}</span>
      <span className="text-xs text-muted-foreground tabular-nums">
        {formatCount(tag.numbersInUse)} / {formatCount(tag.poolSize)} in use
      </span>
    </div>
  )
}

export function tagColumns({ onDelete, canWrite = true }: { onDelete: (t: DniTag) => void; canWrite?: boolean }): Column<DniTag>[] {
  return [
    {
      id: 'name',
      header: 'Tag',
      sortKey: 'name',
      className: 'min-w-40 max-w-64 whitespace-normal',
      cell: (t) => (
        <div className="flex flex-col">
          <Link to={`/dni/${t.id}`} className="font-medium hover:text-primary hover:underline">
            {t.name}
          </Link>
          <code className="text-xs text-muted-foreground">{t.tagCode}</code>
        </div>
      ),
    },
    {
      id: 'campaign',
      header: 'Campaign',
      className: 'max-w-48 whitespace-normal',
      cell: (t) =>
        t.campaignId ? (
          <Link to={`/campaigns/${encodeURIComponent(t.campaignId)}`} className="hover:text-primary hover:underline">
            {t.campaignName ?? t.campaignId}
          </Link>
        ) : (
          <span className="text-muted-foreground">—</span>
        ),
    },
    { id: 'source', header: 'Numbers', className: 'max-w-48 whitespace-normal', cell: (t) => <TagSource tag={t} /> },
    { id: 'sessions', header: 'Sessions today', className: 'whitespace-normal', align: 'right', cell: (t) => formatCount(t.sessionsToday) },
    { id: 'calls', header: 'Calls today', className: 'whitespace-normal', align: 'right', cell: (t) => formatCount(t.callsToday) },
    {
      id: 'exhausted',
      header: 'Pool exhausted',
      align: 'right',
      className: 'whitespace-normal',
      cell: (t) => (
        <span
          className={t.exhaustedCount > 0 ? 'text-amber-700 dark:text-amber-300' : undefined}
          title={t.lastExhaustedAt ? `Last: ${formatDateTime(t.lastExhaustedAt)}` : 'Visitors who found every number taken'}
        >
          {formatCount(t.exhaustedCount)}
        </span>
      ),
    },
    { id: 'status', header: 'Status', cell: (t) => <StatusBadge status={t.status} /> },
    { id: 'install', header: 'Install', cell: (t) => <InstallState tag={t} compact /> },
    {
      id: 'actions',
      header: 'Actions',
      align: 'right',
      cell: (t) => (
        <div className="flex justify-end gap-1">
          <Button asChild variant="ghost" size="sm">
            <Link to={`/dni/${t.id}`} aria-label={`Open ${t.name}`}>
              Open
            </Link>
          </Button>
          {canWrite && (
            <Button
              variant="ghost"
              size="icon"
              className="size-8 text-destructive hover:text-destructive"
              aria-label={`Delete ${t.name}`}
              title="Delete"
              onClick={() => onDelete(t)}
            >
              <Trash2 aria-hidden="true" />
            </Button>
          )}
        </div>
      ),
    },
  ]
}
