import { toast } from 'sonner'
import { useDeletePhoneNumber } from '@/api/phoneNumbers'
import type { PhoneNumber } from '@/api/types'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { formatPhone } from '@/lib/format'

export function DeleteNumberDialog({ number, onClose }: { number: PhoneNumber | undefined; onClose: () => void }) {
  const remove = useDeletePhoneNumber()
  const label = number ? formatPhone(number.phoneNumber) : ''
  return (
    <ConfirmDialog
      open={number !== undefined}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset()
          onClose()
        }
      }}
      title="Delete number?"
      description={<>{label} is removed from its pool and campaign and no longer routes calls.</>}
      confirmLabel="Delete number"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        number &&
        remove.mutate(number.id, {
          onSuccess: () => {
            toast.success(`${label} deleted`)
            onClose()
          },
        })
      }
    />
  )
}
