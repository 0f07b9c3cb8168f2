import { Activity, CircleDollarSign, Pencil, PhoneIncoming, Trash2, Users } from 'lucide-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { useCampaign } from '@/api/campaigns'
import { isApiError } from '@/api/client'
import { CampaignBuyersCard } from '@/components/campaigns/CampaignBuyersCard'
import { CampaignCallFlowCard } from '@/components/campaigns/CampaignCallFlowCard'
import { CampaignNumbersCard } from '@/components/campaigns/CampaignNumbersCard'
import { CampaignPostbackCard } from '@/components/campaigns/CampaignPostbackCard'
import { CampaignReadinessCard } from '@/components/campaigns/CampaignReadinessCard'
import { CampaignSettingsCard } from '@/components/campaigns/CampaignSettingsCard'
import { CampaignTestCallCard } from '@/components/campaigns/CampaignTestCallCard'
import { DeleteCampaignDialog } from '@/components/campaigns/DeleteCampaignDialog'
import { StatCard } from '@/components/dashboard/StatCard'
import { PageHeader } from '@/components/layout/PageHeader'
import { PerformanceSection } from '@/components/performance/PerformanceSection'
import { CampaignRtbTargetsCard } from '@/components/rtb/CampaignRtbTargetsCard'
import { BackLink } from '@/components/shared/BackLink'
import { PageLoading } from '@/components/shared/PageLoading'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { formatCount, formatMoney, formatPercent } from '@/lib/format'
import { NotFoundPage } from './NotFoundPage'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'
import { usePermissions } from '@/hooks/usePermissions'

export function CampaignDetailPage() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const campaign = useCampaign(id)
  const [deleting, setDeleting] = useState(false)
  const { canWrite } = usePermissions()

  if (campaign.isPending) return <PageLoading label="Loading the campaign" />
  if (isApiError(campaign.error) && campaign.error.status === 404) return <NotFoundPage />
  if (campaign.isError) {
    return <QueryErrorAlert title="The campaign could not be loaded." error={campaign.error} onRetry={() => void campaign.refetch()} />
  }
  const c = campaign.data
  return (
    <>
      <BackLink to="/campaigns">All campaigns</BackLink>
      <PageHeader
        title={c.name}
        description={`Created ${new Date(c.createdAt).toLocaleDateString('en-US', { dateStyle: 'medium' })}`}
        actions={
          <div className="flex items-center gap-2">
            <StatusBadge status={c.status} />
            {canWrite('campaigns') ? (
              <>
                <Button asChild variant="outline">
                  <Link to={`/campaigns/${encodeURIComponent(c.id)}/edit`}>
                    <Pencil aria-hidden="true" />
                    Edit
                  </Link>
                </Button>
                <Button variant="outline" className="text-destructive hover:text-destructive" onClick={() => setDeleting(true)}>
                  <Trash2 aria-hidden="true" />
                  Delete
                </Button>
              </>
            ) : (
              <ReadOnlyNote area="campaigns" />
            )}
          </div>
        }
      />
      <div className="flex flex-col gap-6">
        <section aria-label="Campaign figures" className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
          <StatCard title="Calls" icon={PhoneIncoming} value={formatCount(c.callsCount)} hint="All-time calls" />
          <StatCard title="Success Rate" icon={Activity} value={formatPercent(c.successRate)} hint="Calls that completed" />
          <StatCard title="Revenue" icon={CircleDollarSign} value={formatMoney(c.revenue)} hint="All-time revenue" />
          <StatCard title="Buyers" icon={Users} value={formatCount(c.buyersCount)} hint="Buyers on this campaign" />
        </section>
        <PerformanceSection filters={{ campaignId: c.id }} subject="this campaign" />
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <div className="flex min-w-0 flex-col gap-6">
            <CampaignBuyersCard campaign={c} />
            {c.type === 'rtb' && <CampaignRtbTargetsCard campaignId={c.id} />}
            <CampaignCallFlowCard campaign={c} />
            <CampaignTestCallCard campaign={c} />
            <CampaignSettingsCard campaign={c} />
            <CampaignPostbackCard campaign={c} />
          </div>
          <div className="flex flex-col gap-6">
            <CampaignReadinessCard campaign={c} />
            <CampaignNumbersCard campaign={c} />
          </div>
        </div>
      </div>
      <DeleteCampaignDialog
        campaign={deleting ? c : undefined}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate('/campaigns', { replace: true })}
      />
    </>
  )
}
