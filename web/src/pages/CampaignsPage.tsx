import { Plus } from 'lucide-react'
import { Link } from 'react-router'
import { CampaignsList } from '@/components/campaigns/CampaignsList'
import { PageHeader } from '@/components/layout/PageHeader'
import { Button } from '@/components/ui/button'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

export function CampaignsPage() {
  const { canWrite } = usePermissions()
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Create campaigns, set their routing and caps, and attach buyers and numbers."
        actions={
          canWrite('campaigns') ? (
            <Button asChild>
              <Link to="/campaigns/new">
                <Plus aria-hidden="true" />
                Create Campaign
              </Link>
            </Button>
          ) : (
            <ReadOnlyNote area="campaigns" />
          )
        }
      />
      <CampaignsList />
    </>
  )
}
