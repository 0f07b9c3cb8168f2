import { Activity, CircleDollarSign, Megaphone, PhoneIncoming } from 'lucide-react'
import { useMemo } from 'react'
import { useCurrentUser } from '@/api/auth'
import { useReportRun } from '@/api/reports'
import { useDashboardStats } from '@/api/stats'
import { CallsRevenueCard } from '@/components/dashboard/CallsRevenueCard'
import { LiveIndicator } from '@/components/dashboard/LiveIndicator'
import { PeriodStatCards } from '@/components/dashboard/PeriodStatCards'
import { periodSpec, periodSpecOfDays, topCampaignsSpec } from '@/components/dashboard/periodReports'
import { QuickActionsCard } from '@/components/dashboard/QuickActionsCard'
import { RecentActivityCard } from '@/components/dashboard/RecentActivityCard'
import { RecentCallsCard } from '@/components/dashboard/RecentCallsCard'
import { StatCard } from '@/components/dashboard/StatCard'
import { TopCampaignsCard } from '@/components/dashboard/TopCampaignsCard'
import { PageHeader } from '@/components/layout/PageHeader'
import { DateRangePicker } from '@/components/shared/DateRangePicker'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { useDateRangeParams } from '@/hooks/useDateRangeParams'
import { useLiveCallEvents } from '@/hooks/useLiveCallEvents'
import { previousPeriodLabel } from '@/lib/dateRange'
import { formatCount, formatMoney, formatPercent } from '@/lib/format'

/** How often the period's figures refresh while the period includes today. */
const PERIOD_REFRESH_MS = 60_000

export function DashboardPage() {
  const stats = useDashboardStats()
  const user = useCurrentUser()
  const live = useLiveCallEvents()
  const range = useDateRangeParams('last30')
  const { selection } = range.state
  const includesToday = range.days.to >= range.today
  const refresh = { refetchInterval: includesToday ? PERIOD_REFRESH_MS : undefined }
  const period = useReportRun(
    useMemo(() => periodSpec(selection), [selection]),
    refresh,
  )
  const previousSpec = useMemo(() => (range.previous ? periodSpecOfDays(range.previous) : null), [range.previous])
  const previous = useReportRun(previousSpec)
  const campaigns = useReportRun(
    useMemo(() => topCampaignsSpec(selection), [selection]),
    refresh,
  )
  const data = stats.data
  // Figures already shown stay on screen if a background refresh fails.
  const failed = stats.isError && !data

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Today's figures live, and your calls over the period you choose."
        actions={<LiveIndicator status={live} />}
      />
      <div className="flex flex-col gap-6">
        <section aria-labelledby="dashboard-today" className="flex flex-col gap-3">
          <h2 id="dashboard-today" className="text-sm font-semibold text-muted-foreground">
            Today, live
          </h2>
          {failed ? (
            <QueryErrorAlert
              title="The dashboard figures could not be loaded."
              error={stats.error}
              onRetry={() => void stats.refetch()}
              retrying={stats.isFetching}
            />
          ) : (
            <div aria-label="Key figures" role="group" className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
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
                title="Revenue Today"
                icon={CircleDollarSign}
                value={data && formatMoney(data.totalRevenue)}
                hint="Revenue from today's calls"
              />
            </div>
          )}
        </section>
        <section aria-labelledby="dashboard-period" className="flex flex-col gap-4 border-t border-border pt-6">
          <div className="flex flex-col gap-3">
            <h2 id="dashboard-period" className="text-sm font-semibold text-muted-foreground">
              Selected period
            </h2>
            <DateRangePicker label="Dashboard period" value={range.state} onChange={range.setState} today={range.today} />
          </div>
          {period.isError && !period.data ? (
            <QueryErrorAlert
              title="The period's figures could not be loaded."
              error={period.error}
              onRetry={() => void period.refetch()}
              retrying={period.isFetching}
            />
          ) : (
            <PeriodStatCards query={period} previous={range.previous ? previous : undefined} against={previousPeriodLabel(range.days)} />
          )}
          <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <CallsRevenueCard days={range.days} query={period} previous={range.previous ? previous : undefined} />
            <TopCampaignsCard days={range.days} query={campaigns} />
          </div>
        </section>
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
