/** Pieces the webhook endpoint and pixel pages share: why one is disabled, and its last 7 days. */
import { Activity, CircleAlert, Clock, Hourglass } from 'lucide-react'
import type { WebhookEndpoint } from '@/api/integrations'
import { StatCard } from '@/components/dashboard/StatCard'
import { Alert } from '@/components/ui/alert'
import { formatCount, pluralize } from '@/lib/format'
import { latencyText, successRateText } from './webhookDisplay'

/**
 * Nothing for an enabled endpoint or pixel; else why it is disabled: by the platform (with its
 * reason, and what to do) or by the user (`byUser`).
 */
export function DisabledNotice({
  item,
  noun,
  failed,
  byUser,
}: {
  item: Pick<WebhookEndpoint, 'enabled' | 'disabledReason'>
  /** "endpoint", "pixel". */
  noun: string
  /** What failed and can be replayed: "messages", "fires". */
  failed: string
  byUser: string
}) {
  if (item.enabled) return null
  return (
    <Alert variant={item.disabledReason ? 'destructive' : 'default'} role="status">
      <CircleAlert aria-hidden="true" />
      <span>
        {item.disabledReason
          ? `The platform disabled this ${noun}: ${item.disabledReason}. Fix the receiver, then enable it again; failed ${failed} can be replayed below.`
          : byUser}
      </span>
    </Alert>
  )
}

/** Success rate, latency, pending and failed of the last 7 days; `receiver` names who answers ("the endpoint's"). */
export function DeliveryFigures({ label, item, receiver }: { label: string; item: Pick<WebhookEndpoint, 'figures'>; receiver: string }) {
  const f = item.figures
  return (
    <section aria-label={label} className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
      <StatCard
        title="Success Rate"
        icon={Activity}
        value={successRateText(item)}
        hint={f.attempts > 0 ? `${pluralize(f.attempts, 'attempt')} answered 2xx, last 7 days` : 'No attempt in the last 7 days'}
      />
      <StatCard title="Average Latency" icon={Clock} value={latencyText(f.averageLatencyMs)} hint={`Time to ${receiver} answer, last 7 days`} />
      <StatCard title="Pending" icon={Hourglass} value={formatCount(f.pending)} hint="Waiting for a first or further attempt" />
      <StatCard title="Failed" icon={CircleAlert} value={formatCount(f.failed)} hint="Every attempt spent: replay them once fixed" />
    </section>
  )
}
