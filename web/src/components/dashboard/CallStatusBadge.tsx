import { Badge, type BadgeProps } from '@/components/ui/badge'
import { callStatusLabels, labelOf } from '@/lib/labels'

const VARIANTS: Record<string, BadgeProps['variant']> = {
  completed: 'success',
  answered: 'success',
  'in-progress': 'info',
  ringing: 'info',
  queued: 'info',
  initiated: 'info',
  busy: 'warning',
  'no-answer': 'warning',
  failed: 'danger',
  canceled: 'danger',
  rejected: 'danger',
  no_route: 'warning',
}

/** A call's status as a coloured badge ("no-answer" -> "No answer"). */
export function CallStatusBadge({ status }: { status: string }) {
  return <Badge variant={VARIANTS[status.toLowerCase()] ?? 'neutral'}>{labelOf(callStatusLabels, status)}</Badge>
}
