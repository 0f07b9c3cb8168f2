import { X } from 'lucide-react'
import type { ReactNode } from 'react'
import { Button } from '@/components/ui/button'

/** A row of list filters; "Clear filters" appears when any is set. */
export function FilterBar({
  children,
  hasFilters,
  onClear,
  label = 'Filters',
}: {
  children: ReactNode
  hasFilters?: boolean
  onClear?: () => void
  label?: string
}) {
  return (
    <div role="search" aria-label={label} className="mb-4 flex flex-wrap items-end gap-3">
      {children}
      {hasFilters && onClear && (
        <Button variant="ghost" size="sm" onClick={onClear} className="mb-0.5">
          <X aria-hidden="true" />
          Clear filters
        </Button>
      )}
    </div>
  )
}
