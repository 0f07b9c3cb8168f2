import type { UseQueryResult } from '@tanstack/react-query'
import { CircleDollarSign, PhoneIncoming, Target, TrendingUp } from 'lucide-react'
import type { Metric, ReportResult } from '@/api/reports'
import { formatMetric } from '@/components/reports/reportFormat'
import { StatChange } from '@/components/shared/StatChange'
import type { ChangeOptions } from '@/lib/periodChange'
import { StatCard } from './StatCard'

const CARDS: { metric: Metric; title: string; icon: typeof PhoneIncoming; hint: string; options?: ChangeOptions }[] = [
  { metric: 'calls', title: 'Calls', icon: PhoneIncoming, hint: 'Calls received in the period' },
  { metric: 'conversionRate', title: 'Conversion rate', icon: Target, hint: 'Share of the calls that converted', options: { mode: 'points' } },
  { metric: 'revenue', title: 'Revenue', icon: CircleDollarSign, hint: 'Paid by buyers for the calls' },
  { metric: 'profit', title: 'Profit', icon: TrendingUp, hint: 'Revenue less payouts and costs' },
]

interface PeriodStatCardsProps {
  query: UseQueryResult<ReportResult>
  /** The previous period's report, when comparing. */
  previous?: UseQueryResult<ReportResult>
  /** "previous 7 days". */
  against: string
}

/** Calls, conversion rate, revenue and profit over the chosen period, with their change when comparing. */
export function PeriodStatCards({ query, previous, against }: PeriodStatCardsProps) {
  const totals = query.data?.totals
  const before = previous?.data?.totals
  // A rate of a period without calls is no rate: its change has nothing to compare with.
  const previousHadCalls = Number(before?.calls ?? 0) > 0
  return (
    <div className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
      {CARDS.map(({ metric, title, icon, hint, options }) => (
        <StatCard
          key={metric}
          title={title}
          icon={icon}
          value={totals && formatMetric(metric, totals[metric])}
          hint={hint}
          change={
            previous && (
              <StatChange
                current={totals?.[metric]}
                previous={options?.mode === 'points' && !previousHadCalls ? null : before?.[metric]}
                against={against}
                loading={previous.isPending || query.isPending}
                failed={previous.isError && !previous.data}
                options={options}
              />
            )
          }
        />
      ))}
    </div>
  )
}
