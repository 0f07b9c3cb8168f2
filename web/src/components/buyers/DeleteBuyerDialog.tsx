import { toast } from 'sonner'
import { useDeleteBuyer } from '@/api/buyers'
import type { Buyer } from '@/api/types'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'

export function DeleteBuyerDialog({ buyer, onClose }: { buyer: Buyer | undefined; onClose: () => void }) {
  const remove = useDeleteBuyer()
  return (
    <ConfirmDialog
      open={buyer !== undefined}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset()
          onClose()
        }
      }}
      title="Delete buyer?"
      description={<>“{buyer?.name}” is removed from every campaign and stops receiving calls.</>}
      confirmLabel="Delete buyer"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        buyer &&
        remove.mutate(buyer.id, {
          onSuccess: () => {
            toast.success(`Buyer “${buyer.name}” deleted`)
            onClose()
          },
        })
      }
    />
  )
}
