import { ChartColumn, TriangleAlert } from 'lucide-react'
import type { ReportResult } from '@/api/reports'
import { EmptyState } from '@/components/shared/EmptyState'
import { Alert } from '@/components/ui/alert'
import { pluralize } from '@/lib/format'
import { cn } from '@/lib/utils'
import { MetricChart } from './MetricChart'
import { PivotChart } from './PivotChart'
import { dimensionNoun, metricLabels } from './reportFormat'
import { ReportTable } from './ReportTable'
import { periodLabel } from './trendSpecs'

/** A report's answer: its chart (unless a table was asked for) and its table with totals. */
export function ReportResultView({ result, title, stale }: { result: ReportResult; title: string; stale?: boolean }) {
  const by = result.dimensions.map((d) => dimensionNoun(d)).join(' and ')
  const what = result.metrics.map((m) => metricLabels[m].toLowerCase()).join(', ')
  const chartLabel = by ? `${title}: ${what} by ${by}` : `${title}: ${what}`
  return (
    <section aria-label="Report result" className={cn('flex flex-col gap-4', stale && 'opacity-60')}>
      <p className="text-sm text-muted-foreground">
        {periodLabel(result)} · {pluralize(result.rows.length, 'row')}
      </p>
      {result.truncated && (
        <Alert>
          <TriangleAlert aria-hidden="true" />
          <span>Only the first {pluralize(result.rows.length, 'row')} are shown. Add a filter or export the report for a narrower view.</span>
        </Alert>
      )}
      {result.rows.length === 0 ? (
        <EmptyState icon={ChartColumn} title="No calls match this report" description="Try a longer period or fewer filters." />
      ) : (
        <>
          {result.chartType === 'table' ? null : result.dimensions.length === 2 && result.chartType !== 'pie' ? (
            <PivotChart result={result} type={result.chartType} label={chartLabel} />
          ) : (
            <MetricChart result={result} type={result.chartType} label={chartLabel} height={320} />
          )}
          <div className="max-h-[32rem] overflow-y-auto rounded-lg border border-border">
            <ReportTable result={result} caption={title} />
          </div>
        </>
      )}
    </section>
  )
}
