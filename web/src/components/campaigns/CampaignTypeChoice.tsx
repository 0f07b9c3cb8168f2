import { Gavel, Layers, Phone } from 'lucide-react'
import type { CampaignType } from '@/api/types'
import { RadioCards, type RadioCard } from './RadioCards'

const CHOICES: RadioCard<CampaignType>[] = [
  { value: 'direct', title: 'Direct', description: 'Calls to numbers you pick go to your buyers.', icon: Phone },
  { value: 'pool', title: 'Pool', description: 'Numbers are allocated from a number pool.', icon: Layers },
  { value: 'rtb', title: 'RTB', description: 'Each call is auctioned to bidding targets.', icon: Gavel },
]

/** The routing type as three radio cards. */
export function CampaignTypeChoice() {
  return <RadioCards name="type" legend="Routing type" cards={CHOICES} className="sm:col-span-2" gridClassName="sm:grid-cols-3" />
}
