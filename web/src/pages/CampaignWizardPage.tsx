import { useParams, useSearchParams } from 'react-router'
import { useCampaign } from '@/api/campaigns'
import { isApiError } from '@/api/client'
import { useCampaignRtbTargets } from '@/api/rtb'
import { CampaignWizard } from '@/components/campaigns/CampaignWizard'
import { WIZARD_STEPS } from '@/components/campaigns/campaignForm'
import { PageHeader } from '@/components/layout/PageHeader'
import { BackLink } from '@/components/shared/BackLink'
import { PageLoading } from '@/components/shared/PageLoading'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { NotFoundPage } from './NotFoundPage'
import { NoWriteAccess } from '@/components/shared/NoWriteAccess'
import { usePermissions } from '@/hooks/usePermissions'

/** `/campaigns/new` and `/campaigns/:id/edit` (`?step=numbers` opens that step). */
export function CampaignWizardPage() {
  const { id } = useParams()
  const [searchParams] = useSearchParams()
  const campaign = useCampaign(id)
  const isRtb = campaign.data?.type === 'rtb'
  const rtbTargets = useCampaignRtbTargets(id ?? '', isRtb)
  const initialStep = Math.max(0, WIZARD_STEPS.findIndex((s) => s.id === searchParams.get('step')))
  const { canWrite } = usePermissions()

  if (!canWrite('campaigns')) {
    return (
      <>
        <BackLink to={id ? `/campaigns/${encodeURIComponent(id)}` : '/campaigns'}>{id ? 'The campaign' : 'All campaigns'}</BackLink>
        <PageHeader title={id ? 'Edit Campaign' : 'Create Campaign'} />
        <NoWriteAccess area="campaigns" />
      </>
    )
  }

  if (!id) {
    return (
      <>
        <BackLink to="/campaigns">All campaigns</BackLink>
        <PageHeader title="Create Campaign" description="Four steps: basics, numbers, buyers and advanced settings. Only the name is required." />
        <CampaignWizard />
      </>
    )
  }
  if (campaign.isPending || (isRtb && rtbTargets.isPending)) return <PageLoading label="Loading the campaign" />
  if (isApiError(campaign.error) && campaign.error.status === 404) return <NotFoundPage />
  if (campaign.isError) {
    return <QueryErrorAlert title="The campaign could not be loaded." error={campaign.error} onRetry={() => void campaign.refetch()} />
  }
  if (isRtb && rtbTargets.isError) {
    return <QueryErrorAlert title="The campaign's RTB targets could not be loaded." error={rtbTargets.error} onRetry={() => void rtbTargets.refetch()} />
  }
  return (
    <>
      <BackLink to={`/campaigns/${encodeURIComponent(id)}`}>{campaign.data.name}</BackLink>
      <PageHeader title="Edit Campaign" description={campaign.data.name} />
      <CampaignWizard key={campaign.data.id} campaign={campaign.data} rtbTargets={isRtb ? rtbTargets.data : undefined} initialStep={initialStep} />
    </>
  )
}
