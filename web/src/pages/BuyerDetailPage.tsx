import { Activity, CircleDollarSign, Gauge, Pencil, PhoneIncoming } from 'lucide-react'
import { useState } from 'react'
import { useParams } from 'react-router'
import { useBuyer } from '@/api/buyers'
import { isApiError } from '@/api/client'
import { BuyerCampaignsCard, BuyerCapsCard, BuyerScheduleCard, BuyerSettingsCard } from '@/components/buyers/BuyerDetailCards'
import { BuyerFormDialog } from '@/components/buyers/BuyerFormDialog'
import { StatCard } from '@/components/dashboard/StatCard'
import { PageHeader } from '@/components/layout/PageHeader'
import { PerformanceSection } from '@/components/performance/PerformanceSection'
import { BackLink } from '@/components/shared/BackLink'
import { PageLoading } from '@/components/shared/PageLoading'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { formatCount, formatMoney, formatPercent } from '@/lib/format'
import { NotFoundPage } from './NotFoundPage'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

export function BuyerDetailPage() {
  const params = useParams()
  const id = Number(params.id)
  const valid = Number.isInteger(id) && id > 0
  const buyer = useBuyer(valid ? id : undefined)
  const [editing, setEditing] = useState(false)
  const { canWrite } = usePermissions()

  if (!valid || (isApiError(buyer.error) && buyer.error.status === 404)) {
    return (
      <NotFoundPage
        title="Buyer not found"
        description="No buyer with this id exists in your account. It may have been deleted."
        back={{ to: '/buyers', label: 'All buyers' }}
      />
    )
  }
  if (buyer.isPending) return <PageLoading label="Loading the buyer" />
  if (buyer.isError) return <QueryErrorAlert title="The buyer could not be loaded." error={buyer.error} onRetry={() => void buyer.refetch()} />

  const b = buyer.data
  const capacity = `${formatCount(b.currentCalls)}/${b.maxConcurrentCalls == null ? '∞' : formatCount(b.maxConcurrentCalls)}`
  return (
    <>
      <BackLink to="/buyers">All buyers</BackLink>
      <PageHeader
        title={b.name}
        description={[b.company, `Added ${new Date(b.createdAt).toLocaleDateString('en-US', { dateStyle: 'medium' })}`].filter(Boolean).join(' · ')}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={b.status} />
            {canWrite('buyers') ? (
              <Button variant="outline" onClick={() => setEditing(true)}>
                <Pencil aria-hidden="true" />
                Edit
              </Button>
            ) : (
              <ReadOnlyNote area="buyers" />
            )}
          </div>
        }
      />
      <div className="flex flex-col gap-6">
        <section aria-label="Buyer figures" className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
          <StatCard title="Calls" icon={PhoneIncoming} value={formatCount(b.totalCalls)} hint="All-time calls" />
          <StatCard title="Success Rate" icon={Activity} value={formatPercent(b.successRate)} hint="Calls that completed" />
          <StatCard title="Revenue" icon={CircleDollarSign} value={formatMoney(b.revenue)} hint="All-time revenue" />
          <StatCard title="Live Calls" icon={Gauge} value={capacity} hint="Now / max concurrent" />
        </section>
        <PerformanceSection filters={{ buyerId: b.id }} subject="this buyer" />
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <div className="flex min-w-0 flex-col gap-6">
            <BuyerCampaignsCard buyer={b} />
            <BuyerScheduleCard buyer={b} />
          </div>
          <div className="flex min-w-0 flex-col gap-6">
            <BuyerCapsCard buyer={b} />
            <BuyerSettingsCard buyer={b} />
          </div>
        </div>
      </div>
      <BuyerFormDialog open={editing} buyer={b} onOpenChange={setEditing} />
    </>
  )
}
