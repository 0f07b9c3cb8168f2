/** Small pieces that show a pixel's state and last firing the same way everywhere. */
import type { Pixel } from '@/api/pixels'
import { Badge } from '@/components/ui/badge'
import { formatRelativeTime } from '@/lib/format'

function Dot() {
  return <span aria-hidden="true" className="size-1.5 rounded-full bg-current opacity-70" />
}

/** Enabled / disabled, with the reason the platform disabled it. */
export function PixelStateBadge({ pixel, withReason = false }: { pixel: Pick<Pixel, 'enabled' | 'disabledReason'>; withReason?: boolean }) {
  const badge = pixel.enabled ? (
    <Badge variant="success">
      <Dot />
      Enabled
    </Badge>
  ) : (
    <Badge variant={pixel.disabledReason ? 'danger' : 'neutral'}>
      <Dot />
      Disabled
    </Badge>
  )
  if (!withReason || pixel.enabled) return badge
  return (
    <div className="flex flex-col items-start gap-1">
      {badge}
      <span className="text-xs text-muted-foreground">{pixel.disabledReason ? `Disabled by the platform: ${pixel.disabledReason}` : 'Disabled by you'}</span>
    </div>
  )
}

/** "Fired 5 minutes ago" / "Failed just now" / "Not fired yet", from the last 7 days. */
export function lastFire(pixel: Pick<Pixel, 'figures'>): { text: string; at?: string } {
  const { lastSuccessAt, lastFailureAt } = pixel.figures
  if (!lastSuccessAt && !lastFailureAt) return { text: 'Not fired yet' }
  const success = lastSuccessAt ? Date.parse(lastSuccessAt) : -Infinity
  const failure = lastFailureAt ? Date.parse(lastFailureAt) : -Infinity
  return success >= failure
    ? { text: `Fired ${formatRelativeTime(lastSuccessAt)}`, at: lastSuccessAt ?? undefined }
    : { text: `Failed ${formatRelativeTime(lastFailureAt)}`, at: lastFailureAt ?? undefined }
}
