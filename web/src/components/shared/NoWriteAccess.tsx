import { ShieldAlert } from 'lucide-react'
import type { ReactNode } from 'react'
import { Card } from '@/components/ui/card'
import { usePermissions, type PermissionArea } from '@/hooks/usePermissions'

/** In place of a form the role may not use (e.g. the campaign wizard for an analyst): one plain sentence. */
export function NoWriteAccess({ area, what, children }: { area: PermissionArea; what?: string; children?: ReactNode }) {
  const { denied } = usePermissions()
  return (
    <Card role="note" className="flex items-start gap-3 px-5 py-6">
      <ShieldAlert className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
      <div className="flex min-w-0 flex-col gap-1 text-sm">
        <p className="font-medium">{denied(area, what)}.</p>
        <p className="text-muted-foreground">{children ?? 'You can look at everything here, but an owner, admin or manager has to make changes.'}</p>
      </div>
    </Card>
  )
}
