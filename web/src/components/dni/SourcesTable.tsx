import { Globe } from 'lucide-react'
import { useDniSources, type SourcesAttribution } from '@/api/dni'
import type { DniSourceRow } from '@/api/types'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { formatCount, formatMoney, formatPercent, formatShare } from '@/lib/format'

/** How a source's row is named: its utm_source, or "(no source)" for visits without one. */
export function sourceLabel(source: string | null | undefined): string {
  return source ? source : '(no source)'
}

const money = (value: string | null | undefined) => <span className="tabular-nums">{formatMoney(value)}</span>
const count = (value: number) => <span className="tabular-nums">{formatCount(value)}</span>
/** Calls and conversions: shares of calls under a multi-touch model, so up to two decimals. */
const share = (value: number) => <span className="tabular-nums">{formatShare(value)}</span>

const columns: Column<DniSourceRow>[] = [
  {
    id: 'source',
    header: 'Source',
    cell: (r) => (r.source ? <span className="font-medium break-all">{r.source}</span> : <span className="text-muted-foreground">(no source)</span>),
  },
  { id: 'medium', header: 'Medium', cell: (r) => (r.medium ? <span className="break-all">{r.medium}</span> : <span className="text-muted-foreground">—</span>) },
  { id: 'sessions', header: 'Sessions', align: 'right', cell: (r) => count(r.sessions) },
  { id: 'calls', header: 'Calls', align: 'right', cell: (r) => share(r.calls) },
  { id: 'conversions', header: 'Conversions', align: 'right', cell: (r) => share(r.conversions) },
  { id: 'conversionRate', header: 'Conversion rate', align: 'right', cell: (r) => <span className="tabular-nums">{r.calls > 0 ? formatPercent(r.conversionRate) : '—'}</span> },
  { id: 'revenue', header: 'Revenue', align: 'right', cell: (r) => money(r.revenue) },
  { id: 'cost', header: 'Cost', align: 'right', cell: (r) => money(r.cost) },
  { id: 'costPerCall', header: 'Cost per call', align: 'right', cell: (r) => money(r.costPerCall) },
]

/** Most calls first (the server's order), ties by sessions. */
export function sortByCalls(rows: readonly DniSourceRow[]): DniSourceRow[] {
  return [...rows].sort((a, b) => b.calls - a.calls || b.sessions - a.sessions)
}

/**
 * Sessions, calls, conversions and money by utm source and medium over `from`–`to` (days in
 * the user's time zone), of one tag or of all of them, with calls credited under each tag's
 * own attribution model or the one given: a table, or a card per source on phones.
 */
export function SourcesTable({
  from,
  to,
  tagId,
  attribution,
  caption = 'Sources',
}: {
  from: string
  to: string
  tagId?: number
  attribution?: SourcesAttribution
  caption?: string
}) {
  const sources = useDniSources(from, to, tagId, attribution)
  return (
    <div className="flex min-w-0 flex-col gap-2">
      <DataTable
        cards
        caption={caption}
        columns={columns}
        rows={sources.data ? sortByCalls(sources.data) : undefined}
        getRowKey={(r) => `${r.source ?? ''}\u0000${r.medium ?? ''}`}
        isLoading={sources.isPending}
        isFetching={sources.isPlaceholderData}
        error={sources.error}
        onRetry={() => void sources.refetch()}
        empty={
          <EmptyState
            icon={Globe}
            title="No visitors in this period"
            description="Sources appear once visitors open a page with a tracking tag's snippet; calls to the number they were shown are credited to their source."
          />
        }
      />
      {sources.data && sources.data.length > 0 && (
        <p className="text-xs text-muted-foreground">
          Multi-touch models (linear, time decay) share each call among the visitor&apos;s sessions, so rows may show fractions of a call; together they add up to
          the total.
        </p>
      )}
    </div>
  )
}
