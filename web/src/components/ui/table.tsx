import { useEffect, useRef, useState, type ComponentProps, type RefObject } from 'react'
import { cn } from '@/lib/utils'

/** A column kept in view while the table scrolls sideways: the first (left) or the actions (right). */
export type StickySide = 'left' | 'right'

interface Edges {
  /** Columns are hidden beyond the left edge (the table is scrolled). */
  left: boolean
  /** Columns are hidden beyond the right edge. */
  right: boolean
}

/** Which edges of a horizontally scrolling container have content beyond them. */
function useOverflowEdges(ref: RefObject<HTMLDivElement | null>): Edges {
  const [edges, setEdges] = useState<Edges>({ left: false, right: false })
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const update = () => {
      const rest = el.scrollWidth - el.clientWidth - el.scrollLeft
      const left = el.scrollLeft > 1
      const right = rest > 1
      setEdges((prev) => (prev.left === left && prev.right === right ? prev : { left, right }))
    }
    update()
    el.addEventListener('scroll', update, { passive: true })
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(update)
    observer?.observe(el)
    if (el.firstElementChild) observer?.observe(el.firstElementChild)
    return () => {
      el.removeEventListener('scroll', update)
      observer?.disconnect()
    }
  }, [ref])
  return edges
}

/**
 * A table that scrolls sideways inside its container when it is wider than it. Cells marked
 * `sticky` stay in view meanwhile, with a shadow on the side where columns are hidden.
 */
export function Table({ className, containerClassName, ...props }: ComponentProps<'table'> & { containerClassName?: string }) {
  const ref = useRef<HTMLDivElement>(null)
  const edges = useOverflowEdges(ref)
  return (
    <div
      ref={ref}
      data-slot="table-container"
      data-overflow-left={edges.left || undefined}
      data-overflow-right={edges.right || undefined}
      className={cn('relative w-full overflow-x-auto', containerClassName)}
    >
      <table data-slot="table" className={cn('w-full caption-bottom text-sm', className)} {...props} />
    </div>
  )
}

export function TableHeader({ className, ...props }: ComponentProps<'thead'>) {
  return <thead className={cn('border-b border-border bg-table-head', className)} {...props} />
}

export function TableBody({ className, ...props }: ComponentProps<'tbody'>) {
  return <tbody className={cn('divide-y divide-border', className)} {...props} />
}

export function TableRow({ className, ...props }: ComponentProps<'tr'>) {
  return <tr className={cn('transition-colors hover:bg-row-hover', className)} {...props} />
}

export function TableHead({ className, sticky, ...props }: ComponentProps<'th'> & { sticky?: StickySide }) {
  return (
    <th
      data-sticky={sticky}
      className={cn('h-10 px-3 text-left align-middle text-xs font-medium whitespace-nowrap text-muted-foreground', className)}
      {...props}
    />
  )
}

export function TableCell({ className, sticky, ...props }: ComponentProps<'td'> & { sticky?: StickySide }) {
  return <td data-sticky={sticky} className={cn('px-3 py-2.5 align-middle whitespace-nowrap', className)} {...props} />
}

export function TableCaption({ className, ...props }: ComponentProps<'caption'>) {
  return <caption className={cn('sr-only', className)} {...props} />
}
