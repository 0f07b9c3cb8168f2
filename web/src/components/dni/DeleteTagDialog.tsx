import { toast } from 'sonner'
import { useDeleteTag } from '@/api/dni'
import type { DniTag } from '@/api/types'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'

export function DeleteTagDialog({ tag, onClose, onDeleted }: { tag: DniTag | undefined; onClose: () => void; onDeleted?: () => void }) {
  const remove = useDeleteTag()
  return (
    <ConfirmDialog
      open={tag !== undefined}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset()
          onClose()
        }
      }}
      title="Delete tracking tag?"
      description={
        <>
          “{tag?.name}” is deleted: its snippet stops tracking on every page that has it, and the numbers its visitors hold go back to the
          pool. Remove the snippet from your site too.
        </>
      }
      confirmLabel="Delete tag"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        tag &&
        remove.mutate(tag.id, {
          onSuccess: () => {
            toast.success(`Tag “${tag.name}” deleted`)
            onClose()
            onDeleted?.()
          },
        })
      }
    />
  )
}
