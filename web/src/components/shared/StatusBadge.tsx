import { Badge, type BadgeProps } from '@/components/ui/badge'
import { labelOf, statusLabels } from '@/lib/labels'

const VARIANTS: Record<string, BadgeProps['variant']> = {
  active: 'success',
  ok: 'success',
  completed: 'info',
  paused: 'warning',
  duplicate: 'warning',
  draft: 'neutral',
  inactive: 'neutral',
  suspended: 'danger',
  error: 'danger',
  success: 'success',
  testing: 'info',
  no_bid: 'neutral',
  rejected: 'danger',
  timeout: 'warning',
  http_error: 'danger',
  parse_error: 'danger',
  connection_error: 'danger',
}

/** The status of a campaign, buyer, number, pool, RTB target, bid or import row as a coloured badge, sized to its words. */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <Badge variant={VARIANTS[status] ?? 'neutral'}>
      <span
        aria-hidden="true"
        className="size-1.5 rounded-full bg-current opacity-70"
      />
      {label ?? labelOf(statusLabels, status)}
    </Badge>
  )
}
