import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import { useRotateSecret, type WebhookEndpoint } from '@/api/integrations'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { serverErrorMessage } from '@/lib/serverErrors'
import { SecretReveal } from './SecretReveal'

/** Asks, then gives the endpoint a new signing secret and shows it this once. */
export function RotateSecretDialog({ endpoint, open, onOpenChange }: { endpoint: WebhookEndpoint; open: boolean; onOpenChange: (open: boolean) => void }) {
  const rotate = useRotateSecret()
  const [secret, setSecret] = useState<string>()
  const close = (next: boolean) => {
    if (rotate.isPending) return
    if (!next) {
      setSecret(undefined)
      rotate.reset()
    }
    onOpenChange(next)
  }
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        role={secret ? 'dialog' : 'alertdialog'}
        className="max-w-lg"
        onInteractOutside={(event) => secret && event.preventDefault()}
      >
        <DialogHeader>
          <DialogTitle>{secret ? 'New signing secret' : 'Rotate the signing secret?'}</DialogTitle>
          <DialogDescription>
            {secret
              ? 'Messages are now signed with this secret.'
              : `A new secret is made and shown once. The current one (${endpoint.secretHint}) keeps signing every message as a second signature for 24 hours, so the receiver can switch without missing a message.`}
          </DialogDescription>
        </DialogHeader>
        {secret ? (
          <>
            <SecretReveal secret={secret} rotated />
            <div className="flex justify-end">
              <Button onClick={() => close(false)}>Done</Button>
            </div>
          </>
        ) : (
          <>
            {rotate.error && (
              <Alert variant="destructive" role="alert">
                <CircleAlert aria-hidden="true" />
                <span>{serverErrorMessage(rotate.error)}</span>
              </Alert>
            )}
            <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <DialogClose asChild>
                <Button variant="outline" disabled={rotate.isPending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button onClick={() => rotate.mutate(endpoint.id, { onSuccess: (out) => setSecret(out.secret) })} disabled={rotate.isPending}>
                {rotate.isPending && <LoaderCircle className="animate-spin" aria-hidden="true" />}
                Rotate secret
              </Button>
            </div>
          </>
        )}
      </DialogContent>
    </Dialog>
  )
}
