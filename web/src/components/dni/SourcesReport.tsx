import { useSearchParams } from 'react-router'
import { useTagOptions, type SourcesModel } from '@/api/dni'
import { DateRangePicker } from '@/components/shared/DateRangePicker'
import { FilterSelect } from '@/components/shared/FilterSelect'
import { TextFilter } from '@/components/shared/TextFilter'
import { useDateRangeParams } from '@/hooks/useDateRangeParams'
import { dniAttributionModelLabels, optionsOf } from '@/lib/labels'
import { SourcesTable } from './SourcesTable'

/** The longest period the DNI reports cover, in days (the server's limit). */
export const DNI_MAX_DAYS = 92

/** A time-decay half-life the server takes: a whole number of days from 1 to 365. */
export function isHalfLife(text: string): boolean {
  return /^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= 365
}

/** The model in the link (`?sourceModel=`), each tag's own when absent or unknown. */
export function sourcesModelOf(raw: string | null): SourcesModel {
  return raw !== null && Object.hasOwn(dniAttributionModelLabels, raw) ? (raw as SourcesModel) : 'tag'
}

/**
 * `/dni`'s source and medium report: a period (kept in the URL, default the last 30 days),
 * a tag filter (`?sourceTag=`), the attribution model calls are credited under
 * (`?sourceModel=`, default each tag's own) with time decay's half-life (`?sourceHalfLife=`,
 * default each tag's), and the table.
 */
export function SourcesReport() {
  const range = useDateRangeParams('last30')
  const [searchParams, setSearchParams] = useSearchParams()
  const tags = useTagOptions()
  const raw = searchParams.get('sourceTag') ?? ''
  const tagId = /^\d+$/.test(raw) ? Number(raw) : undefined
  const options = (tags.data?.items ?? []).map((t) => ({ value: String(t.id), label: t.name }))
  // A tag named in the link but not (yet) among the options still shows as chosen.
  if (tagId !== undefined && !options.some((o) => o.value === raw)) options.push({ value: raw, label: `Tag #${raw}` })
  const model = sourcesModelOf(searchParams.get('sourceModel'))
  const rawHalfLife = searchParams.get('sourceHalfLife') ?? ''
  const halfLifeDays = isHalfLife(rawHalfLife) ? Number(rawHalfLife) : undefined
  const setParam = (name: string) => (value: string) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (value) next.set(name, value)
        else next.delete(name)
        return next
      },
      { replace: true },
    )
  return (
    <section aria-labelledby="dni-sources" className="flex flex-col gap-4 border-t border-border pt-6">
      <div className="flex flex-col gap-1">
        <h2 id="dni-sources" className="text-base font-semibold">
          Sources
        </h2>
        <p className="text-sm text-muted-foreground">
          Visitors&apos; sessions by utm source and medium, and the calls, conversions and money credited to them.
        </p>
      </div>
      <div className="flex min-w-0 flex-wrap items-start gap-x-4 gap-y-3">
        <DateRangePicker label="Sources period" value={range.state} onChange={range.setState} today={range.today} comparable={false} maxDays={DNI_MAX_DAYS} />
        <FilterSelect label="Tag" value={tagId === undefined ? '' : raw} onChange={setParam('sourceTag')} options={options} allLabel="All tags" className="w-full sm:w-56" />
        <FilterSelect
          label="Attribution model"
          value={model === 'tag' ? '' : model}
          onChange={setParam('sourceModel')}
          options={optionsOf(dniAttributionModelLabels)}
          allLabel="Tag's own model"
          className="w-full sm:w-44"
        />
        {model === 'time_decay' && (
          <TextFilter
            label="Half-life (days)"
            placeholder="Tag's own"
            inputMode="numeric"
            value={halfLifeDays === undefined ? '' : String(halfLifeDays)}
            onChange={setParam('sourceHalfLife')}
            accept={isHalfLife}
            invalidMessage="A whole number of days from 1 to 365"
            className="w-32"
          />
        )}
      </div>
      <SourcesTable from={range.days.from} to={range.days.to} tagId={tagId} attribution={{ model, halfLifeDays }} />
    </section>
  )
}
