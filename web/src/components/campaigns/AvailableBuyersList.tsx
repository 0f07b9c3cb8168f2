import { Plus } from 'lucide-react'
import { useState } from 'react'
import type { Buyer } from '@/api/types'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'

/** Buyers not yet on the campaign, with a search box and an Add button each. */
export function AvailableBuyersList({ buyers, onAdd }: { buyers: readonly Buyer[]; onAdd: (buyer: Buyer) => void }) {
  const [search, setSearch] = useState('')
  const needle = search.trim().toLowerCase()
  const shown = needle
    ? buyers.filter((b) => `${b.name} ${b.company ?? ''}`.toLowerCase().includes(needle))
    : buyers

  return (
    <section aria-labelledby="available-buyers" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="available-buyers" className="text-sm font-medium">
          Available buyers
        </h3>
        <Input
          type="search"
          aria-label="Search buyers"
          placeholder="Search buyers"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="h-8 w-56 max-w-full"
        />
      </div>
      {buyers.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border px-3 py-4 text-sm text-muted-foreground">
          Every buyer is already on this campaign.
        </p>
      ) : (
        <ul className="max-h-56 divide-y divide-border overflow-y-auto rounded-lg border border-border">
          {shown.map((buyer) => (
            <li key={buyer.id} className="flex items-center gap-3 px-3 py-2 text-sm">
              <span className="flex min-w-0 flex-1 flex-col">
                <span className="truncate font-medium">{buyer.name}</span>
                {buyer.company && <span className="truncate text-xs text-muted-foreground">{buyer.company}</span>}
              </span>
              <StatusBadge status={buyer.status} />
              <Button type="button" size="sm" variant="outline" onClick={() => onAdd(buyer)} aria-label={`Add ${buyer.name}`}>
                <Plus aria-hidden="true" />
                Add
              </Button>
            </li>
          ))}
          {shown.length === 0 && <li className="px-3 py-4 text-sm text-muted-foreground">No buyer matches “{search}”.</li>}
        </ul>
      )}
    </section>
  )
}
