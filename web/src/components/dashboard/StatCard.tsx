import type { LucideIcon } from 'lucide-react'
import type { ReactNode } from 'react'
import { Card } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'

interface StatCardProps {
  title: string
  icon: LucideIcon
  /** The formatted value; undefined while loading. */
  value: string | undefined
  hint: string
  /** The change against the previous period (a `PeriodChangeText`), when comparing. */
  change?: ReactNode
}

export function StatCard({ title, icon: Icon, value, hint, change }: StatCardProps) {
  return (
    <Card className="min-w-0 p-4 sm:p-5">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-medium text-muted-foreground">{title}</h2>
        <Icon className="size-4 text-muted-foreground" aria-hidden="true" />
      </div>
      {value === undefined ? (
        <Skeleton className="mt-3 h-8 w-24" />
      ) : (
        <p className="mt-2 truncate text-2xl font-semibold tracking-tight tabular-nums sm:text-3xl" title={value}>
          {value}
        </p>
      )}
      {change !== undefined && <div className="mt-1">{change}</div>}
      <p className="mt-1 text-xs text-muted-foreground">{hint}</p>
    </Card>
  )
}
