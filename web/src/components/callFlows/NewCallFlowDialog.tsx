import { useNavigate } from 'react-router'
import { toast } from 'sonner'
import { useCreateCallFlow } from '@/api/callFlows'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { CallFlowDetailsForm } from './CallFlowDetailsForm'

/** Creates a flow (its draft starts with the Start node) and opens it in the editor. */
export function NewCallFlowDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateCallFlow()
  const navigate = useNavigate()
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New call flow</DialogTitle>
          <DialogDescription>Name the flow; it starts as a draft with its Start node, and goes live when you publish it.</DialogDescription>
        </DialogHeader>
        {open && (
          <CallFlowDetailsForm
            submitLabel="Create call flow"
            onCancel={() => onOpenChange(false)}
            onSubmit={async (values) => {
              const created = await create.mutateAsync(values)
              onOpenChange(false)
              toast.success(`Call flow “${values.name}” created`)
              navigate(`/call-flows/${created.id}`)
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  )
}
