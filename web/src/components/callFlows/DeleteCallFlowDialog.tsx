import { toast } from 'sonner'
import { useDeleteCallFlow } from '@/api/callFlows'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'

export function DeleteCallFlowDialog({
  flow,
  onClose,
  onDeleted,
}: {
  flow: { id: number; name: string } | undefined
  onClose: () => void
  onDeleted?: () => void
}) {
  const remove = useDeleteCallFlow()
  return (
    <ConfirmDialog
      open={flow !== undefined}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset()
          onClose()
        }
      }}
      title="Delete call flow?"
      description={<>“{flow?.name}” and its draft are deleted. Its published versions stay with the calls that ran them.</>}
      confirmLabel="Delete call flow"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        flow &&
        remove.mutate(flow.id, {
          onSuccess: () => {
            toast.success(`Call flow “${flow.name}” deleted`)
            onClose()
            onDeleted?.()
          },
        })
      }
    />
  )
}
