import { useState } from 'react'
import { useNavigate } from 'react-router'
import { toast } from 'sonner'
import { useSaveWebhook, type WebhookEndpoint, type WebhookEndpointWithSecret } from '@/api/integrations'
import { Button } from '@/components/ui/button'
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { SecretReveal } from './SecretReveal'
import { WebhookForm } from './WebhookForm'

/**
 * Add (no `endpoint`) or edit a webhook endpoint. After adding, the dialog shows the new
 * endpoint's signing secret, this once, until it is closed.
 */
export function WebhookFormDialog({
  open,
  endpoint,
  onOpenChange,
}: {
  open: boolean
  endpoint?: WebhookEndpoint
  onOpenChange: (open: boolean) => void
}) {
  const save = useSaveWebhook()
  const navigate = useNavigate()
  const [created, setCreated] = useState<WebhookEndpointWithSecret>()
  const close = (next: boolean) => {
    if (!next) setCreated(undefined)
    onOpenChange(next)
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        layout="sections"
        className="max-h-[92dvh] max-w-3xl"
        // The secret is shown once: a stray click outside must not lose it.
        onInteractOutside={(event) => created && event.preventDefault()}
      >
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Endpoint added</DialogTitle>
              <DialogDescription className="break-all">Events will be sent to {created.url}.</DialogDescription>
            </DialogHeader>
            <DialogBody>
              <SecretReveal secret={created.secret} />
            </DialogBody>
            <DialogFooter>
              <Button variant="outline" onClick={() => close(false)}>
                Done
              </Button>
              <Button
                onClick={() => {
                  close(false)
                  navigate(`/integrations/webhooks/${created.id}`)
                }}
              >
                Open endpoint
              </Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>{endpoint ? 'Edit endpoint' : 'Add endpoint'}</DialogTitle>
              <DialogDescription>
                {endpoint ? 'Where events are sent, which ones, and with what headers.' : 'A URL of yours that receives events as they happen, as signed JSON POSTs.'}
              </DialogDescription>
            </DialogHeader>
            {open && (
              <WebhookForm
                key={endpoint?.id ?? 'new'}
                endpoint={endpoint}
                onCancel={() => close(false)}
                onSave={async (input) => {
                  const saved = await save.mutateAsync({ id: endpoint?.id, input })
                  if (endpoint) {
                    toast.success('Endpoint saved')
                    close(false)
                  } else if ('secret' in saved) {
                    toast.success('Endpoint added')
                    setCreated(saved)
                  }
                }}
              />
            )}
          </>
        )}
      </DialogContent>
    </Dialog>
  )
}
