import { Link } from 'react-router'
import type { NumberHistoryEntry } from '@/api/types'

/** The campaign or pool a history entry is about, as a link. */
export function HistoryTarget({ entry }: { entry: NumberHistoryEntry }) {
  if (entry.campaignId) {
    return (
      <Link to={`/campaigns/${encodeURIComponent(entry.campaignId)}`} className="text-primary hover:underline">
        {entry.campaignName ?? 'a campaign'}
      </Link>
    )
  }
  if (entry.poolId != null) {
    return (
      <Link to={`/pools/${entry.poolId}`} className="text-primary hover:underline">
        {entry.poolName ?? 'a pool'}
      </Link>
    )
  }
  return null
}
