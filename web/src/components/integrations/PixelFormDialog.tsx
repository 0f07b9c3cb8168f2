import { useNavigate } from 'react-router'
import { toast } from 'sonner'
import { useSavePixel, type Pixel } from '@/api/pixels'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { PixelForm } from './PixelForm'

/** Add (no `pixel`) or edit a tracking pixel; a new one opens its page once added. */
export function PixelFormDialog({ open, pixel, onOpenChange }: { open: boolean; pixel?: Pixel; onOpenChange: (open: boolean) => void }) {
  const save = useSavePixel()
  const navigate = useNavigate()
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent layout="sections" className="max-h-[92dvh] max-w-3xl">
        <DialogHeader>
          <DialogTitle>{pixel ? 'Edit pixel' : 'Add pixel'}</DialogTitle>
          <DialogDescription>
            A URL of your tracker or ad platform, called with the call's details filled in when something happens to a call.
          </DialogDescription>
        </DialogHeader>
        {open && (
          <PixelForm
            key={pixel?.id ?? 'new'}
            pixel={pixel}
            onCancel={() => onOpenChange(false)}
            onSave={async (input) => {
              const saved = await save.mutateAsync({ id: pixel?.id, input })
              onOpenChange(false)
              if (pixel) {
                toast.success('Pixel saved')
              } else {
                toast.success('Pixel added')
                navigate(`/integrations/pixels/${saved.id}`)
              }
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  )
}
