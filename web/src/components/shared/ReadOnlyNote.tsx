import { Eye } from 'lucide-react'
import { usePermissions, type PermissionArea } from '@/hooks/usePermissions'
import { cn } from '@/lib/utils'

/**
 * "View only", in place of the create/edit buttons a role may not use, with the reason
 * ("Your role (analyst) cannot change campaigns") as its title and for screen readers.
 * Renders nothing when the role may change the area.
 */
export function ReadOnlyNote({ area, what, className }: { area: PermissionArea; what?: string; className?: string }) {
  const { canWrite, denied } = usePermissions()
  if (canWrite(area)) return null
  const reason = denied(area, what)
  return (
    <span
      data-testid="read-only-note"
      title={reason}
      className={cn(
        'inline-flex w-fit shrink-0 items-center gap-1.5 rounded-full border border-border bg-muted px-2.5 py-1 text-xs font-medium whitespace-nowrap text-muted-foreground',
        className,
      )}
    >
      <Eye className="size-3.5" aria-hidden="true" />
      View only
      <span className="sr-only">: {reason}</span>
    </span>
  )
}
