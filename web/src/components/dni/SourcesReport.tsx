import { useSearchParams } from 'react-router'
import { useTagOptions } from '@/api/dni'
import { DateRangePicker } from '@/components/shared/DateRangePicker'
import { FilterSelect } from '@/components/shared/FilterSelect'
import { useDateRangeParams } from '@/hooks/useDateRangeParams'
import { SourcesTable } from './SourcesTable'

/** The longest period the DNI reports cover, in days (the server's limit). */
export const DNI_MAX_DAYS = 92

/**
 * `/dni`'s source and medium report: a period (kept in the URL, default the last 30 days),
 * a tag filter (`?sourceTag=`), and the table.
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
  const setTag = (value: string) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (value) next.set('sourceTag', value)
        else next.delete('sourceTag')
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
        <FilterSelect label="Tag" value={tagId === undefined ? '' : raw} onChange={setTag} options={options} allLabel="All tags" className="w-full sm:w-56" />
      </div>
      <SourcesTable from={range.days.from} to={range.days.to} tagId={tagId} />
    </section>
  )
}
