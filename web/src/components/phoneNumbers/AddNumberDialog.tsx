import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { AddNumberForm } from './AddNumberForm'

export function AddNumberDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add number</DialogTitle>
          <DialogDescription>Register a number of your carrier account so campaigns and pools can use it.</DialogDescription>
        </DialogHeader>
        {open && <AddNumberForm onDone={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  )
}
