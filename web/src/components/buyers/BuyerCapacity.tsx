import type { Buyer } from '@/api/types'
import { formatCount } from '@/lib/format'

/** Current / maximum concurrent calls (∞ when unlimited). */
export function BuyerCapacity({ buyer }: { buyer: Buyer }) {
  const max = buyer.maxConcurrentCalls
  return (
    <span className="tabular-nums" aria-label={`${buyer.currentCalls} of ${max ?? 'unlimited'} concurrent calls`}>
      {formatCount(buyer.currentCalls)}/{max == null ? '∞' : formatCount(max)}
    </span>
  )
}
