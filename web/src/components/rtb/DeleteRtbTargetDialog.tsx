import { toast } from 'sonner'
import { useDeleteRtbTarget, type RtbTarget } from '@/api/rtb'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'

export function DeleteRtbTargetDialog({ target, onClose }: { target: RtbTarget | undefined; onClose: () => void }) {
  const remove = useDeleteRtbTarget()
  return (
    <ConfirmDialog
      open={target !== undefined}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset()
          onClose()
        }
      }}
      title="Delete RTB target?"
      description={<>“{target?.name}” is removed from every campaign and is no longer pinged.</>}
      confirmLabel="Delete target"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        target &&
        remove.mutate(target.id, {
          onSuccess: () => {
            toast.success(`RTB target “${target.name}” deleted`)
            onClose()
          },
        })
      }
    />
  )
}
