import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { ImportCsvForm } from './ImportCsvForm'

export function ImportCsvDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[92dvh] max-w-2xl overflow-y-auto">
        <DialogHeader>
          <DialogTitle>Import numbers from CSV</DialogTitle>
          <DialogDescription>The file is checked first; nothing is written until you choose to import.</DialogDescription>
        </DialogHeader>
        {open && <ImportCsvForm onClose={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  )
}
