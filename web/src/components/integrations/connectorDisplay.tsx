/** Small pieces that show a connector's vendor, health and connection test the same way everywhere. */
import { ChartColumn, CircleAlert, CircleCheck, Contact, Megaphone, type LucideIcon } from 'lucide-react'
import type { Connector, ConnectorTestResult } from '@/api/connectors'
import { Alert } from '@/components/ui/alert'
import { formatCount, formatDateTime, formatRelativeTime } from '@/lib/format'
import { cn } from '@/lib/utils'

const VENDOR_ICONS: Record<string, LucideIcon> = {
  hubspot: Contact,
  salesforce: Contact,
  pipedrive: Contact,
  ga4: ChartColumn,
  meta: Megaphone,
  google_ads: Megaphone,
}

/** A round icon for the vendor's kind: CRM, analytics or ads. */
export function VendorIcon({ vendor, className }: { vendor: string; className?: string }) {
  const Icon = VENDOR_ICONS[vendor] ?? Contact
  return (
    <span className={cn('grid size-9 shrink-0 place-items-center rounded-full bg-accent text-primary', className)}>
      <Icon className="size-4" aria-hidden="true" />
    </span>
  )
}

/** "5 minutes ago", or "None in 7 days". */
export function lastSuccessText(connector: Pick<Connector, 'figures'>): string {
  return connector.figures.lastSuccessAt ? formatRelativeTime(connector.figures.lastSuccessAt) : 'None in 7 days'
}

/** The first `max` characters of an error message, with an ellipsis when cut. */
export function shorten(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`
}

/** "HTTP 401 · 85 ms", or "No answer · 3,001 ms". */
function testFigures(result: ConnectorTestResult): string {
  return `${result.status != null ? `HTTP ${result.status}` : 'No answer'} · ${formatCount(result.latencyMs)} ms`
}

/** What a connection test found: it worked or failed, the vendor's answer, its status and time. */
export function ConnectorTestOutcome({ result, className }: { result: ConnectorTestResult; className?: string }) {
  return (
    <Alert variant={result.ok ? 'success' : 'destructive'} role="status" aria-label="Connection test" className={className}>
      {result.ok ? <CircleCheck aria-hidden="true" /> : <CircleAlert aria-hidden="true" />}
      <div className="flex min-w-0 flex-col gap-0.5">
        <p className="font-medium">{result.ok ? 'Connection works' : 'Connection failed'}</p>
        <p className="break-words">{result.message}</p>
        <p className="text-xs opacity-80">{testFigures(result)}</p>
      </div>
    </Alert>
  )
}

/** The connector's last failed delivery: when, the vendor's status and its message (shortened to `max`). */
export function LastErrorText({ connector, max }: { connector: Pick<Connector, 'lastError'>; max?: number }) {
  const e = connector.lastError
  if (!e) return <span className="text-muted-foreground">None</span>
  const message = max ? shorten(e.message, max) : e.message
  return (
    <span className="flex min-w-0 flex-col gap-0.5">
      <span className="break-words text-red-700 dark:text-red-300" title={max ? e.message : undefined}>
        {message}
      </span>
      <span className="text-xs text-muted-foreground" title={formatDateTime(e.at)}>
        {e.status != null ? `HTTP ${e.status}, ` : ''}
        {formatRelativeTime(e.at)}
      </span>
    </span>
  )
}
