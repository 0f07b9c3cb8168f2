import { Plus } from 'lucide-react'
import { Link } from 'react-router'
import { CampaignsList } from '@/components/campaigns/CampaignsList'
import { PageHeader } from '@/components/layout/PageHeader'
import { Button } from '@/components/ui/button'

export function CampaignsPage() {
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Create campaigns, set their routing and caps, and attach buyers and numbers."
        actions={
          <Button asChild>
            <Link to="/campaigns/new">
              <Plus aria-hidden="true" />
              Create Campaign
            </Link>
          </Button>
        }
      />
      <CampaignsList />
    </>
  )
}
