import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useId, useRef, useState, type FormEvent } from 'react'
import { toast } from 'sonner'
import { useCurrentUser } from '@/api/auth'
import { isApiError } from '@/api/client'
import { useDisableTwoFactor, useNewRecoveryCodes } from '@/api/twoFactor'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogBody, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { serverErrorMessage } from '@/lib/serverErrors'
import { fieldSentence } from './accountForm'
import { RecoveryCodesReveal } from './RecoveryCodesReveal'

export type PasswordAction = 'disable' | 'recovery-codes'

/**
 * What needs the password again: turning two-factor sign-in off, or new recovery codes (shown
 * once, like at the set-up). `requiredByAccount`: turning off is refused, and the dialog says why.
 */
export function TwoFactorPasswordDialog({
  action,
  requiredByAccount,
  onClose,
}: {
  action: PasswordAction | undefined
  requiredByAccount: boolean
  onClose: () => void
}) {
  if (!action) return null
  if (action === 'disable' && requiredByAccount) return <RequiredNotice onClose={onClose} />
  return <PasswordFlow action={action} onClose={onClose} />
}

function RequiredNotice({ onClose }: { onClose: () => void }) {
  return (
    <Dialog open onOpenChange={(next) => !next && onClose()}>
      <DialogContent role="alertdialog" className="max-w-md">
        <DialogHeader>
          <DialogTitle>Two-factor sign-in cannot be turned off</DialogTitle>
          <DialogDescription>
            Your account requires two-factor sign-in of every member. An owner of the account can lift the requirement here, under
            Settings → Security.
          </DialogDescription>
        </DialogHeader>
        <div className="flex justify-end">
          <DialogClose asChild>
            <Button variant="outline">Close</Button>
          </DialogClose>
        </div>
      </DialogContent>
    </Dialog>
  )
}

const texts: Record<PasswordAction, { title: string; description: string; confirm: string }> = {
  disable: {
    title: 'Turn off two-factor sign-in?',
    description: 'You will sign in with your password alone, and your recovery codes stop working. Enter your password to confirm.',
    confirm: 'Turn off',
  },
  'recovery-codes': {
    title: 'Make new recovery codes?',
    description: 'Your current recovery codes stop working and ten new ones take their place. Enter your password to confirm.',
    confirm: 'Make new codes',
  },
}

function PasswordFlow({ action, onClose }: { action: PasswordAction; onClose: () => void }) {
  const username = useCurrentUser().data?.username
  const disable = useDisableTwoFactor()
  const renew = useNewRecoveryCodes()
  const pending = disable.isPending || renew.isPending
  const [password, setPassword] = useState('')
  const [fieldError, setFieldError] = useState<string>()
  const [failure, setFailure] = useState<string>()
  const [codes, setCodes] = useState<string[]>()
  const [saved, setSaved] = useState(false)
  const [nag, setNag] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)
  const id = useId()
  const text = texts[action]

  function requestClose() {
    if (pending) return
    if (codes && !saved) {
      setNag(true)
      return
    }
    onClose()
  }

  function fail(error: Error) {
    if (isApiError(error) && error.status === 422 && error.details?.field === 'password') {
      setFieldError(fieldSentence('Password', typeof error.details.reason === 'string' ? error.details.reason : error.message))
      inputRef.current?.focus()
      return
    }
    setFailure(serverErrorMessage(error))
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    setFailure(undefined)
    if (password === '') {
      setFieldError('Enter your password')
      inputRef.current?.focus()
      return
    }
    setFieldError(undefined)
    if (action === 'disable') {
      disable.mutate(password, {
        onSuccess: () => {
          toast.success('Two-factor sign-in is off')
          onClose()
        },
        onError: fail,
      })
    } else {
      renew.mutate(password, {
        onSuccess: (result) => {
          toast.success('New recovery codes made')
          setCodes(result.recoveryCodes)
        },
        onError: fail,
      })
    }
  }

  return (
    <Dialog open onOpenChange={(next) => !next && requestClose()}>
      <DialogContent layout="sections" className="max-h-[92dvh] max-w-md">
        {codes ? (
          <>
            <DialogHeader>
              <DialogTitle>Your new recovery codes</DialogTitle>
              <DialogDescription>The old codes no longer work. Each of these signs you in once instead of a code from the app.</DialogDescription>
            </DialogHeader>
            <DialogBody>
              <RecoveryCodesReveal codes={codes} username={username} saved={saved} onSavedChange={setSaved} nag={nag} />
            </DialogBody>
            <DialogFooter>
              <Button type="button" disabled={!saved} onClick={onClose}>
                Done
              </Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>{text.title}</DialogTitle>
              <DialogDescription>{text.description}</DialogDescription>
            </DialogHeader>
            <form noValidate onSubmit={submit} aria-label={text.title} className="flex min-h-0 flex-1 flex-col">
              <DialogBody className="flex flex-col gap-4">
                {failure && (
                  <Alert variant="destructive" role="alert">
                    <CircleAlert aria-hidden="true" />
                    <span>{failure}</span>
                  </Alert>
                )}
                <div className="flex flex-col gap-2">
                  <Label htmlFor={`${id}-password`}>Password</Label>
                  <Input
                    ref={inputRef}
                    id={`${id}-password`}
                    type="password"
                    autoComplete="current-password"
                    autoFocus
                    value={password}
                    onChange={(event) => setPassword(event.target.value)}
                    aria-invalid={fieldError ? true : undefined}
                    aria-describedby={fieldError ? `${id}-password-error` : undefined}
                  />
                  {fieldError && (
                    <p id={`${id}-password-error`} className="text-xs text-destructive">
                      {fieldError}
                    </p>
                  )}
                </div>
              </DialogBody>
              <DialogFooter>
                <Button type="button" variant="outline" onClick={requestClose} disabled={pending}>
                  Cancel
                </Button>
                <Button type="submit" variant={action === 'disable' ? 'destructive' : 'default'} disabled={pending}>
                  {pending && <LoaderCircle className="animate-spin" aria-hidden="true" />}
                  {text.confirm}
                </Button>
              </DialogFooter>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  )
}
