import { useBuyerOptions } from '@/api/buyers'
import { useCampaignOptions } from '@/api/campaigns'
import { useUrlParameters } from '@/api/urlParameters'
import { DateFilter } from '@/components/shared/DateFilter'
import { FilterBar } from '@/components/shared/FilterBar'
import { FilterSelect } from '@/components/shared/FilterSelect'
import { SearchInput } from '@/components/shared/SearchInput'
import { TextFilter } from '@/components/shared/TextFilter'
import { callStatusLabels, optionsOf } from '@/lib/labels'
import { ParamFilter } from './ParamFilter'

/** A decimal amount such as 10 or 10.50 (the API's money). */
const AMOUNT = /^\d+(\.\d{1,4})?$/
const isAmount = (text: string) => AMOUNT.test(text)

/** Min and max revenue that leave room for calls between them. */
function revenueBounds(filters: Record<string, string>) {
  const min = filters.minRevenue && isAmount(filters.minRevenue) ? filters.minRevenue : undefined
  const max = filters.maxRevenue && isAmount(filters.maxRevenue) ? filters.maxRevenue : undefined
  return {
    acceptMin: (v: string) => isAmount(v) && (max === undefined || Number(v) <= Number(max)),
    minMessage: (v: string) => (isAmount(v) ? `At most the max revenue (${max})` : 'An amount such as 10.50'),
    acceptMax: (v: string) => isAmount(v) && (min === undefined || Number(v) >= Number(min)),
    maxMessage: (v: string) => (isAmount(v) ? `At least the min revenue (${min})` : 'An amount such as 10.50'),
  }
}

interface CallFiltersProps {
  filters: Record<string, string>
  onChange: (key: string, value: string) => void
  hasFilters: boolean
  onClear: () => void
}

/**
 * The call explorer's filters, named as the API names them (`campaignId`, `minRevenue`, …);
 * source, medium, ad campaign, term and content are the call's utm_* values, exact; click id
 * and visitor id are those of the credited web visit; `param` is a tracked URL parameter's
 * `name:value` (shown only when the account tracks some).
 */
export function CallFilters({ filters, onChange, hasFilters, onClear }: CallFiltersProps) {
  const campaigns = useCampaignOptions()
  const buyers = useBuyerOptions()
  const campaignOptions = (campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))
  const buyerOptions = (buyers.data?.items ?? []).map((b) => ({ value: String(b.id), label: b.name }))
  const revenue = revenueBounds(filters)
  const parameters = useUrlParameters()
  return (
    <FilterBar label="Filter calls" hasFilters={hasFilters} onClear={onClear}>
      <SearchInput
        label="Search"
        placeholder="Phone number or CallSid (CA…)"
        value={filters.search ?? ''}
        onChange={(v) => onChange('search', v)}
      />
      <DateFilter label="From" value={filters.from ?? ''} max={filters.to || undefined} onChange={(v) => onChange('from', v)} />
      <DateFilter label="To" value={filters.to ?? ''} min={filters.from || undefined} onChange={(v) => onChange('to', v)} />
      <FilterSelect
        label="Campaign"
        value={filters.campaignId ?? ''}
        onChange={(v) => onChange('campaignId', v)}
        options={campaignOptions}
        allLabel="All campaigns"
        className="w-48"
      />
      <FilterSelect
        label="Status"
        value={filters.status ?? ''}
        onChange={(v) => onChange('status', v)}
        options={optionsOf(callStatusLabels)}
        allLabel="All statuses"
      />
      <FilterSelect
        label="Buyer"
        value={filters.buyerId ?? ''}
        onChange={(v) => onChange('buyerId', v)}
        options={buyerOptions}
        allLabel="All buyers"
        className="w-48"
      />
      <TextFilter label="Caller state" placeholder="NY" value={filters.callerState ?? ''} onChange={(v) => onChange('callerState', v)} className="w-24" />
      <TextFilter label="Caller city" placeholder="Brooklyn" value={filters.callerCity ?? ''} onChange={(v) => onChange('callerCity', v)} className="w-36" />
      <TextFilter label="Source" placeholder="google" value={filters.source ?? ''} onChange={(v) => onChange('source', v)} className="w-32" />
      <TextFilter label="Medium" placeholder="cpc" value={filters.medium ?? ''} onChange={(v) => onChange('medium', v)} className="w-28" />
      <TextFilter label="Ad campaign" placeholder="spring-sale" value={filters.utmCampaign ?? ''} onChange={(v) => onChange('utmCampaign', v)} className="w-36" />
      <TextFilter label="Term" placeholder="car insurance" value={filters.utmTerm ?? ''} onChange={(v) => onChange('utmTerm', v)} className="w-36" />
      <TextFilter label="Content" placeholder="banner-a" value={filters.utmContent ?? ''} onChange={(v) => onChange('utmContent', v)} className="w-32" />
      <TextFilter label="Click id" placeholder="gclid, fbclid…" value={filters.clickId ?? ''} onChange={(v) => onChange('clickId', v)} className="w-40" />
      <TextFilter label="Visitor id" placeholder="v_…" value={filters.visitorId ?? ''} onChange={(v) => onChange('visitorId', v)} className="w-36" />
      {parameters.data && parameters.data.length > 0 && (
        <ParamFilter parameters={parameters.data} value={filters.param ?? ''} onChange={(v) => onChange('param', v)} />
      )}
      <TextFilter
        label="Min revenue"
        placeholder="0.00"
        inputMode="decimal"
        value={filters.minRevenue ?? ''}
        onChange={(v) => onChange('minRevenue', v)}
        accept={revenue.acceptMin}
        invalidMessage={revenue.minMessage}
        className="w-28"
      />
      <TextFilter
        label="Max revenue"
        placeholder="100.00"
        inputMode="decimal"
        value={filters.maxRevenue ?? ''}
        onChange={(v) => onChange('maxRevenue', v)}
        accept={revenue.acceptMax}
        invalidMessage={revenue.maxMessage}
        className="w-28"
      />
    </FilterBar>
  )
}
