import { ChartColumn } from 'lucide-react'

export function ChartEmptyState({ title, hint }: { title: string; hint?: string }) {
  return (
    <div className="flex h-64 flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-border px-6 text-center">
      <ChartColumn className="size-6 text-muted-foreground" aria-hidden="true" />
      <p className="font-medium">{title}</p>
      {hint && <p className="max-w-sm text-sm text-muted-foreground">{hint}</p>}
    </div>
  )
}
