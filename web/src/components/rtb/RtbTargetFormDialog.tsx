import { toast } from 'sonner'
import { useSaveRtbTarget, type RtbTarget } from '@/api/rtb'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { RtbTargetForm } from './RtbTargetForm'

/** Add (no `target`) or edit an RTB target in a dialog. */
export function RtbTargetFormDialog({ open, target, onOpenChange }: { open: boolean; target?: RtbTarget; onOpenChange: (open: boolean) => void }) {
  const save = useSaveRtbTarget()
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent layout="sections" className="max-h-[92dvh] max-w-3xl">
        <DialogHeader>
          <DialogTitle>{target ? `Edit ${target.name}` : 'Add RTB target'}</DialogTitle>
          <DialogDescription>The bidder endpoint we ping for each call, and how to read its bid.</DialogDescription>
        </DialogHeader>
        {open && (
          <RtbTargetForm
            key={target?.id ?? 'new'}
            target={target}
            onCancel={() => onOpenChange(false)}
            onSave={async (input) => {
              await save.mutateAsync({ id: target?.id, input })
              toast.success(target ? 'RTB target saved' : `RTB target “${input.name}” added`)
              onOpenChange(false)
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  )
}
