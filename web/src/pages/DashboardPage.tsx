import { Activity, CircleDollarSign, Megaphone, PhoneIncoming } from 'lucide-react'
import { useCurrentUser } from '@/api/auth'
import { useDashboardStats } from '@/api/stats'
import { QuickActionsCard } from '@/components/dashboard/QuickActionsCard'
import { RecentCallsCard } from '@/components/dashboard/RecentCallsCard'
import { StatCard } from '@/components/dashboard/StatCard'
import { StatsErrorCard } from '@/components/dashboard/StatsErrorCard'
import { PageHeader } from '@/components/layout/PageHeader'
import { formatCount, formatMoney, formatPercent } from '@/lib/format'

export function DashboardPage() {
  const stats = useDashboardStats()
  const user = useCurrentUser()
  const data = stats.data
  // Figures already shown stay on screen if a background refresh fails.
  const failed = stats.isError && !data

  return (
    <>
      <PageHeader title="Dashboard" description="Your campaigns and calls today at a glance." />
      <div className="flex flex-col gap-6">
        {failed ? (
          <StatsErrorCard error={stats.error} onRetry={() => void stats.refetch()} retrying={stats.isFetching} />
        ) : (
          <section aria-label="Key figures" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
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
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
          {!failed && <RecentCallsCard calls={data?.recentCalls} timeZone={user.data?.timeZone} />}
          <QuickActionsCard />
        </div>
      </div>
    </>
  )
}
