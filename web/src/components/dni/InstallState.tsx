import { CircleCheck, CircleDashed } from 'lucide-react'
import type { DniTag } from '@/api/types'
import { formatDateTime, formatRelativeTime } from '@/lib/format'

/** Where the snippet last ran ("Seen on <url> 5 minutes ago"), or that it never has. */
export function InstallState({ tag, compact = false }: { tag: Pick<DniTag, 'lastSeenUrl' | 'lastSeenAt'>; compact?: boolean }) {
  if (!tag.lastSeenUrl && !tag.lastSeenAt) {
    return (
      <span className="inline-flex items-center gap-1.5 text-muted-foreground">
        <CircleDashed className="size-4 shrink-0" aria-hidden="true" />
        Not seen yet
      </span>
    )
  }
  return (
    <span className="flex max-w-full min-w-0 items-start gap-1.5">
      <CircleCheck className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400" aria-hidden="true" />
      <span className="min-w-0 flex-1">
        Seen on{' '}
        <span className={compact ? 'block max-w-56 truncate' : 'break-all'} title={tag.lastSeenUrl ?? undefined}>
          {tag.lastSeenUrl ?? 'a page'}
        </span>{' '}
        <time dateTime={tag.lastSeenAt ?? undefined} title={formatDateTime(tag.lastSeenAt)} className="text-muted-foreground">
          {formatRelativeTime(tag.lastSeenAt)}
        </time>
      </span>
    </span>
  )
}
