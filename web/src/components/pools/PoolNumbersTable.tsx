import { Phone, Plus, X } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { toast } from 'sonner'
import { useRemovePoolNumber } from '@/api/pools'
import type { PhoneNumber, PoolDetail } from '@/api/types'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { CopyButton } from '@/components/shared/CopyButton'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { formatPercent, formatPhone, pluralize } from '@/lib/format'
import { usePermissions, withoutActions } from '@/hooks/usePermissions'

/** The numbers of a pool, each with a Remove action. */
export function PoolNumbersTable({ pool, onAdd }: { pool: PoolDetail; onAdd: () => void }) {
  const remove = useRemovePoolNumber(pool.id)
  const [toRemove, setToRemove] = useState<PhoneNumber>()
  const { canWrite } = usePermissions()
  const writable = canWrite('numbers')

  const columns: Column<PhoneNumber>[] = withoutActions<Column<PhoneNumber>>([
    {
      id: 'number',
      header: 'Number',
      cell: (n) => (
        <div className="flex flex-col">
          <span className="font-medium tabular-nums">{formatPhone(n.phoneNumber)}</span>
          {n.friendlyName && <span className="text-xs text-muted-foreground">{n.friendlyName}</span>}
        </div>
      ),
    },
    { id: 'status', header: 'Status', cell: (n) => <StatusBadge status={n.status} /> },
    {
      id: 'campaign',
      header: 'Campaign',
      cell: (n) =>
        n.campaignId ? (
          <Link to={`/campaigns/${encodeURIComponent(n.campaignId)}`} className="hover:text-primary hover:underline">
            {n.campaignName ?? 'Campaign'}
          </Link>
        ) : (
          <span className="text-muted-foreground">Available</span>
        ),
    },
    {
      id: 'webhook',
      header: 'Webhook URL',
      className: 'hidden lg:table-cell',
      cell: (n) => (
        <div className="flex max-w-64 items-center gap-1">
          <code className="truncate rounded bg-muted px-1.5 py-0.5 text-xs" title={n.webhookUrl}>
            {n.webhookUrl}
          </code>
          {n.webhookUrl && <CopyButton value={n.webhookUrl} label={`Copy webhook URL of ${formatPhone(n.phoneNumber)}`} />}
        </div>
      ),
    },
    { id: 'usage', header: 'Usage', align: 'right', cell: (n) => `${pluralize(n.totalCalls, 'call')} · ${formatPercent(n.successRate)}` },
    {
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      align: 'right',
      cell: (n) => (
        <Button variant="ghost" size="sm" onClick={() => setToRemove(n)} aria-label={`Remove ${formatPhone(n.phoneNumber)} from the pool`}>
          <X aria-hidden="true" />
          Remove
        </Button>
      ),
    },
  ], writable)

  return (
    <>
      <DataTable
        caption="Numbers in this pool"
        columns={columns}
        rows={pool.numbers}
        getRowKey={(n) => n.id}
        empty={
          <EmptyState
            icon={Phone}
            title="This pool has no numbers yet"
            description="Add unassigned numbers, type new ones or import a CSV."
            action={
              writable && (
                <Button size="sm" onClick={onAdd}>
                  <Plus aria-hidden="true" />
                  Add numbers
                </Button>
              )
            }
          />
        }
      />
      <ConfirmDialog
        open={toRemove !== undefined}
        onOpenChange={(open) => {
          if (!open) {
            remove.reset()
            setToRemove(undefined)
          }
        }}
        title="Remove number from the pool?"
        description={
          <>
            {toRemove ? formatPhone(toRemove.phoneNumber) : ''} leaves {pool.name}
            {toRemove?.campaignName ? ` and is released from ${toRemove.campaignName}` : ''}.
          </>
        }
        confirmLabel="Remove"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          toRemove &&
          remove.mutate(toRemove.id, {
            onSuccess: () => {
              toast.success(`${formatPhone(toRemove.phoneNumber)} removed from ${pool.name}`)
              setToRemove(undefined)
            },
          })
        }
      />
    </>
  )
}
