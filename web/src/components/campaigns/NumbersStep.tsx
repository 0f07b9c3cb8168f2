import { useFormContext } from 'react-hook-form'
import type { Campaign } from '@/api/types'
import type { CampaignFormValues } from './campaignForm'
import { DirectNumbersPicker } from './DirectNumbersPicker'
import { PoolAllocationFields } from './PoolAllocationFields'
import { RtbSettingsFields } from './RtbSettingsFields'

/** Step 2: what it takes depends on the routing type chosen in step 1. */
export function NumbersStep({ campaign }: { campaign?: Campaign }) {
  const type = useFormContext<CampaignFormValues>().watch('type')
  if (type === 'pool') return <PoolAllocationFields assignedCount={campaign?.type === 'pool' ? campaign.phoneNumbers.length : 0} />
  if (type === 'rtb') return <RtbSettingsFields campaign={campaign} />
  return <DirectNumbersPicker assigned={campaign?.type === 'direct' ? campaign.phoneNumbers : []} />
}
