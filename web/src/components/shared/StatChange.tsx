import { Skeleton } from '@/components/ui/skeleton'
import { periodChange, type ChangeOptions } from '@/lib/periodChange'
import { PeriodChangeText } from './PeriodChangeText'

interface StatChangeProps {
  current: number | string | null | undefined
  previous: number | string | null | undefined
  /** What the change is measured against: "previous 7 days". */
  against: string
  /** The previous period's figures are still loading / could not be loaded. */
  loading?: boolean
  failed?: boolean
  options?: ChangeOptions
}

/** A stat card's change against the previous period, with its loading and failed states. */
export function StatChange({ current, previous, against, loading, failed, options }: StatChangeProps) {
  if (failed) return <p className="text-xs text-muted-foreground">The {against} could not be loaded</p>
  if (loading) return <Skeleton className="h-4 w-32" aria-label={`Loading the ${against}`} />
  return <PeriodChangeText change={periodChange(current, previous, options)} against={against} />
}
