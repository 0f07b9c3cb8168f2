import type { DeliveryStatus } from '@/api/reports'
import { Badge, type BadgeProps } from '@/components/ui/badge'
import { labelOf } from '@/lib/labels'
import { deliveryStatusLabels } from './reportFormat'

const VARIANTS: Record<DeliveryStatus, BadgeProps['variant']> = { pending: 'info', sent: 'success', failed: 'danger' }

/** pending, sent or failed (the server sends a plain string; anything else shows as is). */
export function DeliveryStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant={VARIANTS[status as DeliveryStatus] ?? 'neutral'}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current opacity-70" />
      {labelOf(deliveryStatusLabels, status)}
    </Badge>
  )
}
