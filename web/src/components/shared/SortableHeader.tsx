import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react'
import type { ReactNode } from 'react'
import type { SortOrder } from '@/api/types'
import { cn } from '@/lib/utils'

/** A column heading that sorts the list when clicked; the `th` carries `aria-sort`. */
export function SortableHeader({
  children,
  active,
  order,
  onSort,
  align = 'left',
}: {
  children: ReactNode
  active: boolean
  order: SortOrder | undefined
  onSort: () => void
  align?: 'left' | 'right'
}) {
  const Icon = !active ? ArrowUpDown : order === 'desc' ? ArrowDown : ArrowUp
  return (
    <button
      type="button"
      onClick={onSort}
      className={cn(
        '-mx-1.5 inline-flex items-center gap-1 rounded px-1.5 py-1 font-medium outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring',
        active && 'text-foreground',
        align === 'right' && 'flex-row-reverse',
      )}
    >
      {children}
      <Icon className={cn('size-3.5', !active && 'opacity-50')} aria-hidden="true" />
    </button>
  )
}
