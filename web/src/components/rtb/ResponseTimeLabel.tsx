import { Badge } from '@/components/ui/badge'

/** Fast under 500 ms, Medium under 1000 ms, else Slow (the spec's bidder speed bands). */
export function speedOf(ms: number): 'Fast' | 'Medium' | 'Slow' {
  if (ms < 500) return 'Fast'
  if (ms < 1000) return 'Medium'
  return 'Slow'
}

const VARIANT = { Fast: 'success', Medium: 'warning', Slow: 'danger' } as const

export function ResponseTimeLabel({ ms }: { ms: number | null | undefined }) {
  if (ms == null) return <span className="text-muted-foreground">—</span>
  const speed = speedOf(ms)
  return (
    <span className="inline-flex items-center gap-2 tabular-nums">
      {ms} ms
      <Badge variant={VARIANT[speed]}>{speed}</Badge>
    </span>
  )
}
