import { useId, useState } from 'react'
import { useUnassignedNumbers } from '@/api/phoneNumbers'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Checkbox } from '@/components/ui/checkbox'
import { Input } from '@/components/ui/input'
import { Skeleton } from '@/components/ui/skeleton'
import { formatPhone } from '@/lib/format'

/** Tick unassigned numbers to add; numbers already in a pool are shown but cannot be picked. */
export function PickNumbersTab({
  poolId,
  selected,
  onChange,
}: {
  poolId: number
  selected: number[]
  onChange: (ids: number[]) => void
}) {
  const id = useId()
  const numbers = useUnassignedNumbers()
  const [search, setSearch] = useState('')

  if (numbers.isError) {
    return <QueryErrorAlert title="The unassigned numbers could not be loaded." error={numbers.error} onRetry={() => void numbers.refetch()} />
  }
  if (numbers.isPending) return <Skeleton className="h-40 w-full" />

  const candidates = numbers.data.items.filter((n) => n.poolId !== poolId)
  const needle = search.trim().toLowerCase()
  const digits = needle.replace(/\D/g, '')
  const shown = needle
    ? candidates.filter((n) => (digits && n.phoneNumber.includes(digits)) || (n.friendlyName ?? '').toLowerCase().includes(needle))
    : candidates
  const chosen = new Set(selected)

  if (candidates.length === 0) {
    return <p className="rounded-lg border border-dashed border-border px-3 py-6 text-center text-sm text-muted-foreground">No unassigned numbers. Enter new ones or import a CSV instead.</p>
  }
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <Input type="search" aria-label="Search numbers" placeholder="Search by number or name" value={search} onChange={(e) => setSearch(e.target.value)} className="h-8 w-60 max-w-full" />
        <span className="text-sm text-muted-foreground" aria-live="polite">
          {selected.length} selected
        </span>
      </div>
      {/* `relative` keeps the checkboxes' hidden inputs inside the scrolling list (see DirectNumbersPicker). */}
      <ul aria-label="Unassigned numbers" className="relative max-h-64 divide-y divide-border overflow-y-auto rounded-lg border border-border">
        {shown.map((n) => {
          const checkboxId = `${id}-${n.id}`
          const elsewhere = n.poolId != null
          return (
            <li key={n.id} className="flex items-center gap-3 px-3 py-2">
              <Checkbox
                id={checkboxId}
                disabled={elsewhere}
                checked={chosen.has(n.id)}
                onCheckedChange={(checked) => onChange(checked === true ? [...selected, n.id] : selected.filter((v) => v !== n.id))}
              />
              <label htmlFor={checkboxId} className="flex flex-1 flex-wrap items-baseline gap-x-2 text-sm peer-disabled:opacity-60">
                <span className="font-medium tabular-nums">{formatPhone(n.phoneNumber)}</span>
                {n.friendlyName && <span className="text-muted-foreground">{n.friendlyName}</span>}
                {elsewhere && <span className="text-xs text-amber-700 dark:text-amber-400">In pool {n.poolName ?? n.poolId}</span>}
              </label>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
