import { Link } from 'react-router'
import type { CallDni, CallDniCredit } from '@/api/types'
import { DetailList } from '@/components/shared/DetailList'
import { formatCount, formatDateTime, formatPhone } from '@/lib/format'
import { dniAttributionModelLabels, labelOf } from '@/lib/labels'

/** "Facebook / social", "google / cpc", "(no source)": a credited session's source and medium. */
export function creditLabel(credit: Pick<CallDniCredit, 'utmSource' | 'utmMedium'>): string {
  const source = credit.utmSource || '(no source)'
  return credit.utmMedium ? `${source} / ${credit.utmMedium}` : source
}

/** A share of a call (0–1) as a whole percent: 0.5 -> "50%", 1/3 -> "33%". */
export function shareLabel(share: number): string {
  return `${Math.round(share * 100)}%`
}

/** A URL or referrer as plain text on one line, whole in its title (never a link). */
function Url({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="text-muted-foreground">—</span>
  return (
    <span className="block max-w-full truncate" title={value}>
      {value}
    </span>
  )
}

function Credits({ credits, model, timeZone }: { credits: readonly CallDniCredit[]; model: string | null | undefined; timeZone?: string }) {
  const summary = credits.map((c) => `${creditLabel(c)} ${shareLabel(c.share)}`).join(' · ')
  return (
    <div className="flex flex-col gap-2 text-sm">
      <p>
        <span className="text-muted-foreground">Model: </span>
        {model ? labelOf(dniAttributionModelLabels, model) : '—'}
        {credits.length > 1 && <span className="text-muted-foreground"> · {summary}</span>}
      </p>
      <ul aria-label="Credit by session" className="flex flex-col gap-1.5">
        {credits.map((c) => (
          <li key={c.sessionRow} className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 gap-y-1">
            <span className="min-w-0 truncate" title={c.referrer ? `${creditLabel(c)} · referrer ${c.referrer}` : creditLabel(c)}>
              <span className="font-medium">{creditLabel(c)}</span>
              {c.utmCampaign && <span className="text-muted-foreground"> · {c.utmCampaign}</span>}
              <span className="text-xs text-muted-foreground"> · first visit {formatDateTime(c.firstVisit, timeZone)}</span>
            </span>
            <span className="text-right font-medium tabular-nums">{shareLabel(c.share)}</span>
            <span className="col-span-2 h-1.5 overflow-hidden rounded-full bg-muted" aria-hidden="true">
              <span className="block h-full rounded-full bg-primary" style={{ width: `${Math.max(0, Math.min(1, c.share)) * 100}%` }} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}

/**
 * A call's web visit: the tag and the visitor's session the call is credited to (source,
 * click ids, landing page, lease), with each session's share under the tag's model; or, for a
 * call credited to none, why, in one line.
 */
export function WebVisit({ dni, timeZone }: { dni: CallDni; timeZone?: string }) {
  if (!dni.attributed) {
    return <p className="text-sm text-muted-foreground">Not credited to a web visit: {dni.reason ?? 'no visitor held the number'}.</p>
  }
  const s = dni.session
  const present = (pairs: [string, string | null | undefined][]) => pairs.filter((p): p is [string, string] => Boolean(p[1]))
  const clickIds = s
    ? present([
        ['gclid', s.gclid],
        ['fbclid', s.fbclid],
        ['msclkid', s.msclkid],
      ])
    : []
  const utm = s
    ? present([
        ['Source', s.utmSource],
        ['Medium', s.utmMedium],
        ['Campaign', s.utmCampaign],
        ['Term', s.utmTerm],
        ['Content', s.utmContent],
      ])
    : []
  return (
    <div className="flex flex-col gap-4">
      <DetailList
        items={[
          {
            label: 'Tracking tag',
            value:
              dni.tagId != null ? (
                <Link to={`/dni/${dni.tagId}`} className="text-primary hover:underline">
                  {dni.tagName ?? `Tag #${dni.tagId}`}
                </Link>
              ) : (
                (dni.tagName ?? '—')
              ),
          },
          ...(s
            ? [
                ...(utm.length > 0
                  ? utm.map(([label, value]) => ({ label, value: <span className="break-all">{value}</span> }))
                  : [{ label: 'Source', value: <span className="text-muted-foreground">(no source)</span> }]),
                ...clickIds.map(([label, value]) => ({
                  label,
                  value: (
                    <span className="block truncate font-mono text-xs" title={value}>
                      {value}
                    </span>
                  ),
                })),
                { label: 'Landing page', value: <Url value={s.landingPage} /> },
                { label: 'Referrer', value: <Url value={s.referrer} /> },
                { label: 'Page views', value: formatCount(s.pageViews) },
                {
                  label: 'Number leased',
                  value: s.leasedAt
                    ? `${formatDateTime(s.leasedAt, timeZone)}${s.phoneNumber ? ` (${formatPhone(s.phoneNumber)})` : ''}`
                    : s.phoneNumber
                      ? formatPhone(s.phoneNumber)
                      : '—',
                },
              ]
            : []),
        ]}
      />
      {dni.credits.length > 0 && <Credits credits={dni.credits} model={dni.model} timeZone={timeZone} />}
    </div>
  )
}
