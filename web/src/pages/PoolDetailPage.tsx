import { CircleCheck, Hash, Link2, Pencil, Plus, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { isApiError } from '@/api/client'
import { usePool } from '@/api/pools'
import { StatCard } from '@/components/dashboard/StatCard'
import { PageHeader } from '@/components/layout/PageHeader'
import { AddPoolNumbersDialog } from '@/components/pools/AddPoolNumbersDialog'
import { DeletePoolDialog } from '@/components/pools/DeletePoolDialog'
import { PoolFormDialog } from '@/components/pools/PoolFormDialog'
import { PoolNumbersTable } from '@/components/pools/PoolNumbersTable'
import { UsageBar } from '@/components/pools/UsageBar'
import { BackLink } from '@/components/shared/BackLink'
import { PageLoading } from '@/components/shared/PageLoading'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { formatCount } from '@/lib/format'
import { NotFoundPage } from './NotFoundPage'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

export function PoolDetailPage() {
  const params = useParams()
  const id = Number(params.id)
  const navigate = useNavigate()
  const pool = usePool(Number.isInteger(id) ? id : undefined)
  const [adding, setAdding] = useState(false)
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const { canWrite } = usePermissions()

  if (!Number.isInteger(id) || (isApiError(pool.error) && pool.error.status === 404)) return <NotFoundPage />
  if (pool.isPending) return <PageLoading label="Loading the pool" />
  if (pool.isError) return <QueryErrorAlert title="The pool could not be loaded." error={pool.error} onRetry={() => void pool.refetch()} />

  const p = pool.data
  return (
    <>
      <BackLink to="/pools">All pools</BackLink>
      <PageHeader
        title={p.name}
        description={[p.description, `Country: ${p.country}`].filter(Boolean).join(' · ')}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={p.status} />
            {canWrite('numbers') ? (
              <>
                <Button variant="outline" onClick={() => setEditing(true)}>
                  <Pencil aria-hidden="true" />
                  Edit
                </Button>
                <Button variant="outline" className="text-destructive hover:text-destructive" onClick={() => setDeleting(true)}>
                  <Trash2 aria-hidden="true" />
                  Delete
                </Button>
                <Button onClick={() => setAdding(true)}>
                  <Plus aria-hidden="true" />
                  Add numbers
                </Button>
              </>
            ) : (
              <ReadOnlyNote area="numbers" />
            )}
          </div>
        }
      />
      <div className="flex flex-col gap-6">
        <section aria-label="Pool figures" className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
          <StatCard title="Phone Numbers" icon={Hash} value={formatCount(p.totalNumbers)} hint="Numbers in this pool" />
          <StatCard title="Available" icon={CircleCheck} value={formatCount(p.availableNumbers)} hint="Active and not assigned" />
          <StatCard title="Assigned" icon={Link2} value={formatCount(p.assignedNumbers)} hint="Held by a campaign" />
          <Card className="flex min-w-0 flex-col justify-between gap-3 p-4 sm:p-5">
            <h2 className="text-sm font-medium text-muted-foreground">Usage Rate</h2>
            <UsageBar value={p.usageRate} label={`Usage rate of ${p.name}`} />
            <p className="text-xs text-muted-foreground">Assigned ÷ total numbers</p>
          </Card>
        </section>
        <PoolNumbersTable pool={p} onAdd={() => setAdding(true)} />
      </div>
      <AddPoolNumbersDialog poolId={p.id} open={adding} onOpenChange={setAdding} />
      <PoolFormDialog open={editing} pool={p} onOpenChange={setEditing} />
      <DeletePoolDialog pool={deleting ? p : undefined} onClose={() => setDeleting(false)} onDeleted={() => navigate('/pools', { replace: true })} />
    </>
  )
}
