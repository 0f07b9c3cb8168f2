import { Activity, CircleDollarSign, Megaphone, PhoneIncoming } from 'lucide-react'
import { useCurrentUser } from '@/api/auth'
import { useState } from 'react'
import { useDashboardStats, useHistoricalStats } from '@/api/stats'
import { CallsRevenueCard } from '@/components/dashboard/CallsRevenueCard'
import type { RangeDays } from '@/components/dashboard/chartFormat'
import { LiveIndicator } from '@/components/dashboard/LiveIndicator'
import { QuickActionsCard } from '@/components/dashboard/QuickActionsCard'
import { RecentActivityCard } from '@/components/dashboard/RecentActivityCard'
import { RecentCallsCard } from '@/components/dashboard/RecentCallsCard'
import { StatCard } from '@/components/dashboard/StatCard'
import { TopCampaignsCard } from '@/components/dashboard/TopCampaignsCard'
import { PageHeader } from '@/components/layout/PageHeader'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { useLiveCallEvents } from '@/hooks/useLiveCallEvents'
import { formatCount, formatMoney, formatPercent } from '@/lib/format'

export function DashboardPage() {
  const stats = useDashboardStats()
  const user = useCurrentUser()
  const live = useLiveCallEvents()
  const [days, setDays] = useState<RangeDays>(30)
  const historical = useHistoricalStats(days)
  const data = stats.data
  // Figures already shown stay on screen if a background refresh fails.
  const failed = stats.isError && !data

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Your campaigns and calls today at a glance."
        actions={<LiveIndicator status={live} />}
      />
      <div className="flex flex-col gap-6">
        {failed ? (
          <QueryErrorAlert
            title="The dashboard figures could not be loaded."
            error={stats.error}
            onRetry={() => void stats.refetch()}
            retrying={stats.isFetching}
          />
        ) : (
          <section aria-label="Key figures" className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
            <StatCard
              title="Active Campaigns"
              icon={Megaphone}
              value={data && formatCount(data.activeCampaigns)}
              hint="Campaigns taking calls"
            />
            <StatCard
              title="Calls Today"
              icon={PhoneIncoming}
              value={data && formatCount(data.totalCalls)}
              hint="Calls since midnight in your time zone"
            />
            <StatCard
              title="Success Rate"
              icon={Activity}
              value={data && formatPercent(data.successRate)}
              hint="Share of today's calls that completed"
            />
            <StatCard
              title="Revenue"
              icon={CircleDollarSign}
              value={data && formatMoney(data.totalRevenue)}
              hint="Revenue from today's calls"
            />
          </section>
        )}
        <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <CallsRevenueCard days={days} onDaysChange={setDays} query={historical} />
          <TopCampaignsCard days={days} query={historical} />
        </div>
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
          {!failed && (
            <div className="min-w-0">
              <RecentCallsCard calls={data?.recentCalls} timeZone={user.data?.timeZone} />
            </div>
          )}
          {/* Without the recent calls (the figures failed), the side cards share the whole row. */}
          <div className={failed ? 'grid min-w-0 gap-6 lg:col-span-2 lg:grid-cols-2' : 'flex min-w-0 flex-col gap-6 lg:col-start-2'}>
            <QuickActionsCard />
            <RecentActivityCard timeZone={user.data?.timeZone} />
          </div>
        </div>
      </div>
    </>
  )
}
