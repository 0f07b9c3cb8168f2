import { Link } from 'react-router'
import type { CallSummary } from '@/api/types'
import { CallStatusBadge } from '@/components/dashboard/CallStatusBadge'
import type { Column } from '@/components/shared/DataTable'
import { Badge } from '@/components/ui/badge'
import { formatDuration, formatMoney, formatPhone, formatShortDateTime } from '@/lib/format'

/** "CA62900b63849fc3eaaaab5cd85e25e582" -> "CA62900b…e582". */
export function shortSid(sid: string): string {
  return sid.length > 16 ? `${sid.slice(0, 8)}…${sid.slice(-4)}` : sid
}

/** "NEW YORK" (as carriers send cities) -> "New York"; a city with lower case stays as sent. */
function cityName(city: string): string {
  if (/[a-z]/.test(city)) return city
  return city.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase())
}

/** "New York, NY" from the caller's city and state (either may be missing), as the call details show it. */
export function callerPlace(city: string | null | undefined, state: string | null | undefined): string | undefined {
  const parts = [city?.trim() ? cityName(city.trim()) : undefined, state?.trim() || undefined]
  return parts.filter(Boolean).join(', ') || undefined
}

/** The columns of the call explorer (sort keys are the API's `sort` names). */
export function callColumns({ onOpen, timeZone }: { onOpen: (call: CallSummary) => void; timeZone?: string }): Column<CallSummary>[] {
  return [
    {
      id: 'callId',
      header: 'Call ID',
      cell: (c) => (
        <button
          type="button"
          onClick={() => onOpen(c)}
          title={c.callSid}
          aria-label={`Details of call ${c.callSid}`}
          className="rounded font-mono text-xs font-medium text-primary outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
        >
          {shortSid(c.callSid)}
        </button>
      ),
    },
    {
      id: 'campaign',
      header: 'Campaign',
      cell: (c) =>
        c.campaignId && c.campaignName ? (
          <Link to={`/campaigns/${encodeURIComponent(c.campaignId)}`} className="hover:text-primary hover:underline">
            {c.campaignName}
          </Link>
        ) : (
          <span className="text-muted-foreground">{c.campaignName ?? '—'}</span>
        ),
    },
    {
      id: 'caller',
      header: 'Caller',
      cell: (c) => {
        const place = callerPlace(c.callerCity, c.callerState)
        return (
          <div className="flex flex-col">
            <span className="tabular-nums">{formatPhone(c.fromNumber)}</span>
            {place && <span className="text-xs text-muted-foreground">{place}</span>}
          </div>
        )
      },
    },
    {
      id: 'buyer',
      header: 'Buyer',
      className: 'hidden lg:table-cell',
      cell: (c) =>
        c.buyerName ? (
          <span>{c.buyerName}</span>
        ) : c.rtbTargetId != null ? (
          <span className="inline-flex items-center gap-1">
            {c.rtbTargetName ?? `RTB target #${c.rtbTargetId}`}
            <Badge variant="info">RTB</Badge>
          </span>
        ) : (
          <span className="text-muted-foreground">—</span>
        ),
    },
    {
      id: 'destination',
      header: 'Destination',
      className: 'hidden md:table-cell',
      cell: (c) =>
        c.dialedNumber ? (
          <span className="tabular-nums">{formatPhone(c.dialedNumber)}</span>
        ) : (
          <span className="text-muted-foreground">Not dialled</span>
        ),
    },
    { id: 'duration', header: 'Duration', sortKey: 'duration', align: 'right', cell: (c) => formatDuration(c.duration) },
    {
      id: 'status',
      header: 'Status',
      sortKey: 'status',
      cell: (c) => (
        <div className="flex items-center gap-1">
          <CallStatusBadge status={c.status} />
          {c.isDuplicate && <Badge variant="warning">Duplicate</Badge>}
        </div>
      ),
    },
    { id: 'revenue', header: 'Revenue', sortKey: 'revenue', align: 'right', cell: (c) => formatMoney(c.revenue) },
    {
      id: 'createdAt',
      header: 'Timestamp',
      sortKey: 'createdAt',
      cell: (c) => (
        <time dateTime={c.createdAt} className="text-muted-foreground">
          {formatShortDateTime(c.createdAt, timeZone)}
        </time>
      ),
    },
  ]
}
