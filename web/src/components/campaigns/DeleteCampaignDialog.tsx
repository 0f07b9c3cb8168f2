import { toast } from 'sonner'
import { useDeleteCampaign } from '@/api/campaigns'
import type { CampaignSummary } from '@/api/types'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'

/** Confirms and deletes a campaign; `campaign` undefined closes it. */
export function DeleteCampaignDialog({
  campaign,
  onClose,
  onDeleted,
}: {
  campaign: Pick<CampaignSummary, 'id' | 'name'> | undefined
  onClose: () => void
  onDeleted?: () => void
}) {
  const remove = useDeleteCampaign()
  return (
    <ConfirmDialog
      open={campaign !== undefined}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset()
          onClose()
        }
      }}
      title="Delete campaign?"
      description={
        <>
          “{campaign?.name}” disappears from your lists and its numbers are released. Its past calls are kept.
        </>
      }
      confirmLabel="Delete campaign"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        campaign &&
        remove.mutate(campaign.id, {
          onSuccess: () => {
            toast.success(`Campaign “${campaign.name}” deleted`)
            onClose()
            onDeleted?.()
          },
        })
      }
    />
  )
}
