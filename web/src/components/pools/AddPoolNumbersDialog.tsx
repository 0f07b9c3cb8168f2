import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { AddPoolNumbersForm } from './AddPoolNumbersForm'

export function AddPoolNumbersDialog({ poolId, open, onOpenChange }: { poolId: number; open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[92dvh] max-w-2xl overflow-y-auto">
        <DialogHeader>
          <DialogTitle>Add numbers to the pool</DialogTitle>
          <DialogDescription>A number belongs to one pool only; if any is held by another pool, none is added.</DialogDescription>
        </DialogHeader>
        {open && <AddPoolNumbersForm poolId={poolId} onDone={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  )
}
