import { toast } from 'sonner'
import { useDeletePool } from '@/api/pools'
import type { Pool } from '@/api/types'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'

export function DeletePoolDialog({ pool, onClose, onDeleted }: { pool: Pool | undefined; onClose: () => void; onDeleted?: () => void }) {
  const remove = useDeletePool()
  return (
    <ConfirmDialog
      open={pool !== undefined}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset()
          onClose()
        }
      }}
      title="Delete pool?"
      description={<>“{pool?.name}” is deleted; its numbers leave the pool and are released from their campaigns.</>}
      confirmLabel="Delete pool"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        pool &&
        remove.mutate(pool.id, {
          onSuccess: () => {
            toast.success(`Pool “${pool.name}” deleted`)
            onClose()
            onDeleted?.()
          },
        })
      }
    />
  )
}
