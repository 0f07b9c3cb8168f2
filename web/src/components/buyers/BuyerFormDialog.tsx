import { toast } from 'sonner'
import { useSaveBuyer } from '@/api/buyers'
import type { Buyer } from '@/api/types'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { BuyerForm } from './BuyerForm'

/** Add (no `buyer`) or edit a buyer in a dialog. */
export function BuyerFormDialog({ open, buyer, onOpenChange }: { open: boolean; buyer?: Buyer; onOpenChange: (open: boolean) => void }) {
  const save = useSaveBuyer()
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent layout="sections" className="max-h-[92dvh] max-w-3xl">
        <DialogHeader>
          <DialogTitle>{buyer ? `Edit ${buyer.name}` : 'Add buyer'}</DialogTitle>
          <DialogDescription>Who receives calls, how many, and when.</DialogDescription>
        </DialogHeader>
        {open && (
          <BuyerForm
            key={buyer?.id ?? 'new'}
            buyer={buyer}
            onCancel={() => onOpenChange(false)}
            onSave={async (input) => {
              await save.mutateAsync({ id: buyer?.id, input })
              toast.success(buyer ? 'Buyer saved' : `Buyer “${input.name}” added`)
              onOpenChange(false)
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  )
}
