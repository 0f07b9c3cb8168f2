import { History, RefreshCw } from 'lucide-react'
import { useMemo } from 'react'
import { SESSIONS_REFRESH_MS, useTagSessions } from '@/api/dni'
import type { DniSession } from '@/api/types'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { formatCount, formatDateTime, formatPhone, formatShortDateTime } from '@/lib/format'

/** Live sessions first, each group keeping the server's order (most recently active first). */
export function liveFirst(sessions: readonly DniSession[]): DniSession[] {
  return [...sessions.filter((s) => s.live), ...sessions.filter((s) => !s.live)]
}

function Muted({ children }: { children: string }) {
  return <span className="text-muted-foreground">{children}</span>
}

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className="whitespace-nowrap">
      {formatShortDateTime(iso)}
    </time>
  )
}

/** The utm values a session came with, as "name: value" lines. */
function Source({ s }: { s: DniSession }) {
  const parts = [
    ['Source', s.utmSource],
    ['Medium', s.utmMedium],
    ['Campaign', s.utmCampaign],
    ['Term', s.utmTerm],
    ['Content', s.utmContent],
  ].filter((p): p is [string, string] => Boolean(p[1]))
  if (parts.length === 0) return <Muted>No utm tags</Muted>
  return (
    <dl className="flex flex-col gap-0.5 text-xs">
      {parts.map(([name, value]) => (
        <div key={name} className="flex gap-1">
          <dt className="text-muted-foreground">{name}:</dt>
          <dd className="break-all">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

function ClickIds({ s }: { s: DniSession }) {
  const ids = [
    ['gclid', s.gclid],
    ['fbclid', s.fbclid],
    ['msclkid', s.msclkid],
  ].filter((p): p is [string, string] => Boolean(p[1]))
  if (ids.length === 0) return <Muted>—</Muted>
  return (
    <dl className="flex flex-col gap-0.5 text-xs">
      {ids.map(([name, value]) => (
        <div key={name} className="flex gap-1">
          <dt className="text-muted-foreground">{name}:</dt>
          <dd className="max-w-40 truncate" title={value}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  )
}

function Url({ value }: { value: string | null | undefined }) {
  if (!value) return <Muted>—</Muted>
  return (
    <span className="block max-w-56 truncate text-xs" title={value}>
      {value}
    </span>
  )
}

const columns: Column<DniSession>[] = [
  {
    id: 'number',
    header: 'Number',
    cell: (s) => (
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium whitespace-nowrap tabular-nums">{s.phoneNumber ? formatPhone(s.phoneNumber) : 'No number'}</span>
        {s.live ? <Badge variant="success">Live</Badge> : <Badge variant="neutral">Ended</Badge>}
      </div>
    ),
  },
  { id: 'source', header: 'Source', className: 'min-w-40', cell: (s) => <Source s={s} /> },
  { id: 'clickIds', header: 'Click ids', cell: (s) => <ClickIds s={s} /> },
  { id: 'landing', header: 'Landing page', cell: (s) => <Url value={s.landingPage} /> },
  { id: 'referrer', header: 'Referrer', cell: (s) => <Url value={s.referrer} /> },
  { id: 'pageViews', header: 'Page views', align: 'right', cell: (s) => formatCount(s.pageViews) },
  { id: 'first', header: 'First visit', cell: (s) => <When iso={s.firstVisit} /> },
  { id: 'last', header: 'Last activity', cell: (s) => <When iso={s.lastVisit} /> },
]

/** A tag's visitor sessions, live ones first, refreshed every 15 s. */
export function SessionsPanel({ tagId }: { tagId: number }) {
  const sessions = useTagSessions(tagId)
  const rows = useMemo(() => (sessions.data ? liveFirst(sessions.data) : undefined), [sessions.data])
  const live = rows?.filter((s) => s.live).length ?? 0

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p className="text-muted-foreground">
          {rows ? `${formatCount(live)} live of the ${formatCount(rows.length)} most recent sessions.` : 'Loading sessions…'} Refreshes every{' '}
          {SESSIONS_REFRESH_MS / 1000} s.
        </p>
        <Button type="button" variant="outline" size="sm" onClick={() => void sessions.refetch()} disabled={sessions.isFetching}>
          <RefreshCw className={sessions.isFetching ? 'animate-spin' : undefined} aria-hidden="true" />
          Refresh
        </Button>
      </div>
      <DataTable
        cards
        caption="Visitor sessions"
        columns={columns}
        rows={rows}
        getRowKey={(s) => s.id}
        isLoading={sessions.isPending}
        error={sessions.error}
        onRetry={() => void sessions.refetch()}
        empty={
          <EmptyState
            icon={History}
            title="No sessions yet"
            description="A session starts when a visitor opens a page with the snippet; it ends after the tag's session length without activity."
          />
        }
      />
    </div>
  )
}
