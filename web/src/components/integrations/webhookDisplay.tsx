/** Small pieces that show a webhook endpoint's state and a message's status the same way everywhere. */
import type { WebhookEndpoint, WebhookMessage } from '@/api/integrations'
import { Badge } from '@/components/ui/badge'
import { formatCount, formatDateTime, formatPercent, formatRelativeTime } from '@/lib/format'

function Dot() {
  return <span aria-hidden="true" className="size-1.5 rounded-full bg-current opacity-70" />
}

/** Enabled (or failing) / disabled, with the reason the platform disabled it. */
export function EndpointStateBadge({ endpoint, withReason = false }: { endpoint: WebhookEndpoint; withReason?: boolean }) {
  const badge = !endpoint.enabled ? (
    <Badge variant={endpoint.disabledReason ? 'danger' : 'neutral'}>
      <Dot />
      Disabled
    </Badge>
  ) : endpoint.failingSince ? (
    <Badge variant="warning" title={`Every attempt has failed since ${formatDateTime(endpoint.failingSince)}`}>
      <Dot />
      Failing
    </Badge>
  ) : (
    <Badge variant="success">
      <Dot />
      Enabled
    </Badge>
  )
  if (!withReason) return badge
  const reason = !endpoint.enabled
    ? endpoint.disabledReason
      ? `Disabled by the platform: ${endpoint.disabledReason}`
      : 'Disabled by you'
    : endpoint.failingSince
      ? `Failing since ${formatDateTime(endpoint.failingSince)}`
      : undefined
  return (
    <div className="flex flex-col items-start gap-1">
      {badge}
      {reason && <span className="text-xs text-muted-foreground">{reason}</span>}
    </div>
  )
}

const MESSAGE_STATUS: Record<string, { label: string; variant: 'warning' | 'success' | 'danger' | 'neutral' }> = {
  pending: { label: 'Pending', variant: 'warning' },
  delivered: { label: 'Delivered', variant: 'success' },
  failed: { label: 'Failed', variant: 'danger' },
}

export function MessageStatusBadge({ status }: { status: string }) {
  const shown = MESSAGE_STATUS[status] ?? { label: status, variant: 'neutral' as const }
  return (
    <Badge variant={shown.variant}>
      <Dot />
      {shown.label}
    </Badge>
  )
}

/** "Delivered 5 minutes ago" / "Failed just now" / "No deliveries yet", from the last 7 days. */
export function lastDelivery(endpoint: WebhookEndpoint): { text: string; at?: string } {
  const { lastSuccessAt, lastFailureAt } = endpoint.figures
  if (!lastSuccessAt && !lastFailureAt) return { text: 'No deliveries yet' }
  const success = lastSuccessAt ? Date.parse(lastSuccessAt) : -Infinity
  const failure = lastFailureAt ? Date.parse(lastFailureAt) : -Infinity
  return success >= failure
    ? { text: `Delivered ${formatRelativeTime(lastSuccessAt)}`, at: lastSuccessAt ?? undefined }
    : { text: `Failed ${formatRelativeTime(lastFailureAt)}`, at: lastFailureAt ?? undefined }
}

export function successRateText(endpoint: Pick<WebhookEndpoint, 'figures'>): string {
  return endpoint.figures.attempts === 0 ? 'No attempts' : formatPercent(endpoint.figures.successRate)
}

export function latencyText(ms: number | null | undefined): string {
  return ms == null ? '—' : `${formatCount(ms)} ms`
}

/** "200", "500", or "No answer" for an attempt or a message's last status. */
export function httpStatusText(status: number | null | undefined, attempted = true): string {
  if (status != null) return String(status)
  return attempted ? 'No answer' : '—'
}

export function messageLastStatus(m: WebhookMessage): string {
  return httpStatusText(m.lastStatus, m.attempts > 0)
}
