import { AlertTriangle, CheckCircle2, Info } from 'lucide-react'
import { useCurrentUser } from '@/api/auth'
import { useTagUsage } from '@/api/dni'
import type { DniTag } from '@/api/types'
import { ChartEmptyState } from '@/components/dashboard/ChartEmptyState'
import { DateRangePicker } from '@/components/shared/DateRangePicker'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Card } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { useDateRangeParams } from '@/hooks/useDateRangeParams'
import { pluralize } from '@/lib/format'
import { cn } from '@/lib/utils'
import { DNI_MAX_DAYS } from './SourcesReport'
import { SourcesTable } from './SourcesTable'
import { usageVerdict } from './usage'
import { UsageChart } from './UsageChart'

const TONE_ICON = { none: Info, ok: CheckCircle2, short: AlertTriangle }

function PoolUsage({ tag, from, to }: { tag: DniTag; from: string; to: string }) {
  const usage = useTagUsage(tag.id, from, to)
  const timeZone = useCurrentUser().data?.timeZone
  if (usage.isError && !usage.data) {
    return (
      <QueryErrorAlert
        title="The numbers in use could not be loaded."
        error={usage.error}
        onRetry={() => void usage.refetch()}
        retrying={usage.isFetching}
      />
    )
  }
  if (!usage.data) {
    return (
      <div role="status" aria-label="Loading the numbers in use">
        <Skeleton className="h-72 w-full" />
      </div>
    )
  }
  const u = usage.data
  const verdict = usageVerdict(u)
  const Icon = TONE_ICON[verdict.tone]
  return (
    <div className={cn('flex flex-col gap-3', usage.isPlaceholderData && 'opacity-60')} aria-busy={usage.isPlaceholderData || undefined}>
      <p
        className={cn('flex items-start gap-2 text-sm', verdict.tone === 'short' && 'text-amber-700 dark:text-amber-300')}
        aria-live="polite"
        data-testid="usage-verdict"
      >
        <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
        <span>{verdict.text}</span>
      </p>
      {verdict.tone === 'none' ? (
        <ChartEmptyState title="No visitors in this period" hint="No pool number was held by a visitor; choose a longer period or check the install." />
      ) : (
        <UsageChart usage={u} timeZone={timeZone} />
      )}
      {u.exhaustedCount > 0 && (
        <p className="text-xs text-muted-foreground">
          {pluralize(u.exhaustedCount, 'visitor')} found every number taken since the tag was made, and saw the fallback number.
        </p>
      )}
    </div>
  )
}

/**
 * A tag's Usage tab: for a pool tag, the most numbers held at once over the period with the
 * pool's size and a recommended size; then its sources over the same period.
 */
export function UsagePanel({ tag }: { tag: DniTag }) {
  const range = useDateRangeParams('last7')
  return (
    <div className="flex flex-col gap-6">
      <DateRangePicker label="Usage period" value={range.state} onChange={range.setState} today={range.today} comparable={false} maxDays={DNI_MAX_DAYS} />
      <Card className="flex min-w-0 flex-col gap-3 p-4 sm:p-5">
        <section aria-labelledby="dni-usage" className="flex flex-col gap-3">
          <div className="flex flex-col gap-1">
            <h2 id="dni-usage" className="text-sm font-semibold">
              Numbers in use over time
            </h2>
            <p className="text-xs text-muted-foreground">
              The most pool numbers held at once in each slice of the period; a number cooling down after a visit counts as held.
            </p>
          </div>
          {tag.numberSource === 'static' ? (
            <p className="text-sm text-muted-foreground">This tag shows one static number to every visitor: there is no pool to size.</p>
          ) : (
            <PoolUsage tag={tag} from={range.days.from} to={range.days.to} />
          )}
        </section>
      </Card>
      <section aria-labelledby="dni-tag-sources" className="flex flex-col gap-3">
        <div className="flex flex-col gap-1">
          <h2 id="dni-tag-sources" className="text-sm font-semibold">
            Sources
          </h2>
          <p className="text-xs text-muted-foreground">This tag&apos;s sessions by utm source and medium over the same period, with the calls credited to them.</p>
        </div>
        <SourcesTable from={range.days.from} to={range.days.to} tagId={tag.id} caption="Sources of this tag" />
      </section>
    </div>
  )
}
