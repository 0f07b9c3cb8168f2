import { Badge, type BadgeProps } from '@/components/ui/badge'

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

/** "no-answer" -> "No answer". */
function label(status: string): string {
  const words = status.replace(/[-_]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function CallStatusBadge({ status }: { status: string }) {
  return <Badge variant={VARIANTS[status.toLowerCase()] ?? 'neutral'}>{label(status)}</Badge>
}
