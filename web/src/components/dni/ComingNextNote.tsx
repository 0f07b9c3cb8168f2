import { Hourglass } from 'lucide-react'

/** A short, honest note where a feature the server does not have yet would be. */
export function ComingNextNote({ title, children }: { title: string; children: string }) {
  return (
    <aside aria-label={title} className="flex items-start gap-3 rounded-lg border border-dashed border-border p-4 text-sm">
      <Hourglass className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
      <div className="flex flex-col gap-1">
        <p className="font-medium">
          {title} <span className="ml-1 rounded-full bg-muted px-2 py-0.5 text-xs font-medium text-muted-foreground">Coming next</span>
        </p>
        <p className="text-muted-foreground">{children}</p>
      </div>
    </aside>
  )
}
