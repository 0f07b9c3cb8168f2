import { FilterBar } from '@/components/shared/FilterBar'
import { FilterSelect } from '@/components/shared/FilterSelect'
import { SearchInput } from '@/components/shared/SearchInput'
import { campaignStatusLabels, campaignTypeLabels, optionsOf } from '@/lib/labels'
import { DateFilter } from '@/components/shared/DateFilter'

interface CampaignFiltersProps {
  filters: Record<string, string>
  onChange: (key: string, value: string) => void
  hasFilters: boolean
  onClear: () => void
}

/** The campaign list's filters, named as the API names them. */
export function CampaignFilters({ filters, onChange, hasFilters, onClear }: CampaignFiltersProps) {
  return (
    <FilterBar
      label="Filter campaigns"
      hasFilters={hasFilters}
      activeCount={Object.values(filters).filter(Boolean).length}
      onClear={onClear}
    >
      <SearchInput label="Search" placeholder="Campaign name" value={filters.search ?? ''} onChange={(v) => onChange('search', v)} />
      <FilterSelect label="Status" value={filters.status ?? ''} onChange={(v) => onChange('status', v)} options={optionsOf(campaignStatusLabels)} allLabel="All statuses" />
      <FilterSelect label="Type" value={filters.type ?? ''} onChange={(v) => onChange('type', v)} options={optionsOf(campaignTypeLabels)} allLabel="All types" className="w-36" />
      <DateFilter label="Created from" value={filters.from ?? ''} max={filters.to || undefined} onChange={(v) => onChange('from', v)} />
      <DateFilter label="Created to" value={filters.to ?? ''} min={filters.from || undefined} onChange={(v) => onChange('to', v)} />
    </FilterBar>
  )
}
