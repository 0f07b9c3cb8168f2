import { ChevronDown, SlidersHorizontal, X } from 'lucide-react'
import { useId, useState, type ReactNode } from 'react'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { useIsPhone } from '@/hooks/useMediaQuery'
import { cn } from '@/lib/utils'

/**
 * A row of list filters; "Clear filters" appears when any is set. On phones the filters fold
 * away behind a "Filters" button (with how many are set), and stack one per line when open.
 */
export function FilterBar({
  children,
  hasFilters,
  activeCount,
  onClear,
  label = 'Filters',
}: {
  children: ReactNode
  hasFilters?: boolean
  /** How many filters are set, shown on the phone's "Filters" button. */
  activeCount?: number
  onClear?: () => void
  label?: string
}) {
  const phone = useIsPhone()
  const [open, setOpen] = useState(false)
  const contentId = useId()
  const clear = hasFilters && onClear && (
    <Button variant="ghost" size="sm" onClick={onClear} className={phone ? undefined : 'mb-0.5'}>
      <X aria-hidden="true" />
      Clear filters
    </Button>
  )

  if (!phone) {
    return (
      <div role="search" aria-label={label} className="mb-4 flex flex-wrap items-end gap-3">
        {children}
        {clear}
      </div>
    )
  }
  const count = activeCount ?? (hasFilters ? undefined : 0)
  return (
    <div role="search" aria-label={label} className="mb-4 flex flex-col gap-3">
      <div className="flex items-center gap-2">
        <Button variant="outline" size="sm" aria-expanded={open} aria-controls={contentId} onClick={() => setOpen((o) => !o)}>
          <SlidersHorizontal aria-hidden="true" />
          Filters
          {hasFilters && (
            <Badge variant="info" className="px-1.5 py-0">
              {count === undefined ? 'on' : count}
              <span className="sr-only"> set</span>
            </Badge>
          )}
          <ChevronDown aria-hidden="true" className={cn('transition-transform', open && 'rotate-180')} />
        </Button>
        {clear}
      </div>
      {open && (
        <div
          id={contentId}
          className="grid gap-3 rounded-lg border border-border bg-card p-3 [&_[data-slot=select-trigger]]:w-full [&_input:not([type=checkbox])]:w-full"
        >
          {children}
        </div>
      )}
    </div>
  )
}
