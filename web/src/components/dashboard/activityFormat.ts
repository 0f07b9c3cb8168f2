/** How activity entries look: a name for the kind, and an icon and colour per severity. */
import { CircleAlert, Info, TriangleAlert, type LucideIcon } from 'lucide-react'
import type { ActivityEntry, ActivitySeverity } from '@/api/activity'
import { humanize } from '@/lib/labels'

const SUBJECTS: Record<string, string> = {
  campaign: 'Campaign',
  buyer: 'Buyer',
  rtb_target: 'RTB target',
  report: 'Report',
  alert: 'System alert',
}

/** "campaign.status" -> "Campaign · status", "report.delivery_failed" -> "Report · delivery failed". */
export function activityKindLabel(kind: string): string {
  const [subject = '', ...rest] = kind.split('.')
  const name = SUBJECTS[subject] ?? humanize(subject)
  const action = rest.join(' ').replace(/[_-]+/g, ' ').trim()
  return action ? `${name} · ${action}` : name
}

export const SEVERITIES = ['info', 'warning', 'error'] as const satisfies readonly ActivitySeverity[]

export const severityStyles: Record<ActivitySeverity, { icon: LucideIcon; label: string; className: string }> = {
  info: { icon: Info, label: 'Info', className: 'bg-indigo-50 text-indigo-600 dark:bg-indigo-950/60 dark:text-indigo-300' },
  warning: { icon: TriangleAlert, label: 'Warning', className: 'bg-amber-50 text-amber-600 dark:bg-amber-950/60 dark:text-amber-300' },
  error: { icon: CircleAlert, label: 'Error', className: 'bg-red-50 text-red-600 dark:bg-red-950/60 dark:text-red-300' },
}

/** Where an entry's subject lives in the app, when it still exists and has a page. */
export function activityLink(entry: ActivityEntry): string | undefined {
  if (!entry.entityId || entry.kind.endsWith('.deleted')) return undefined
  if (entry.entityType === 'campaign') return `/campaigns/${encodeURIComponent(entry.entityId)}`
  if (entry.entityType === 'report') return '/enhanced-reporting?tab=reports'
  return undefined
}
