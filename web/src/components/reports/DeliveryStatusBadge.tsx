import type { DeliveryStatus } from '@/api/reports'
import { Badge, type BadgeProps } from '@/components/ui/badge'
import { deliveryStatusLabels } from './reportFormat'

const VARIANTS: Record<DeliveryStatus, BadgeProps['variant']> = { pending: 'info', sent: 'success', failed: 'danger' }

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return (
    <Badge variant={VARIANTS[status] ?? 'neutral'}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current opacity-70" />
      {deliveryStatusLabels[status] ?? status}
    </Badge>
  )
}
