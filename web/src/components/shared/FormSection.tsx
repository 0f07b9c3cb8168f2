import type { ReactNode } from 'react'
import { cn } from '@/lib/utils'

/** A titled group of form fields laid out in a responsive grid. */
export function FormSection({
  title,
  description,
  children,
  className,
}: {
  title: string
  description?: ReactNode
  children: ReactNode
  className?: string
}) {
  return (
    <fieldset className={cn('flex flex-col gap-4 border-t border-border pt-5 first:border-t-0 first:pt-0', className)}>
      <div>
        <legend className="text-sm font-semibold">{title}</legend>
        {description && <p className="mt-1 text-sm text-muted-foreground">{description}</p>}
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">{children}</div>
    </fieldset>
  )
}
