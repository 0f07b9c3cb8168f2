import { CircleAlert, LoaderCircle, RefreshCw, Smartphone } from 'lucide-react'
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { toast } from 'sonner'
import { useCurrentUser } from '@/api/auth'
import { isApiError } from '@/api/client'
import { useEnableTwoFactor, useStartTwoFactorSetup, type TwoFactorSetup } from '@/api/twoFactor'
import { CopyButton } from '@/components/shared/CopyButton'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Skeleton } from '@/components/ui/skeleton'
import { serverErrorMessage } from '@/lib/serverErrors'
import { fieldSentence } from './accountForm'
import { RecoveryCodesReveal } from './RecoveryCodesReveal'

/** "K347 4NB5 2BAZ …": the secret in groups of four, easier to type into an app. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret
}

/**
 * The QR code as an image. The server's SVG is never put into the page's DOM: as an <img> from a
 * data: URL, whatever it holds cannot run a script or touch the page.
 */
export function qrImageSource(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`
}

/**
 * Turns on two-factor sign-in: a new secret (QR code and key), its first code, then the recovery
 * codes, shown once. Each opening starts a new set-up (a new secret).
 */
export function TwoFactorSetupDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return open ? <SetupFlow onClose={() => onOpenChange(false)} /> : null
}

function SetupFlow({ onClose }: { onClose: () => void }) {
  const username = useCurrentUser().data?.username
  const setup = useStartTwoFactorSetup()
  const enable = useEnableTwoFactor()
  const [codes, setCodes] = useState<string[]>()
  const [saved, setSaved] = useState(false)
  const [nag, setNag] = useState(false)
  const started = useRef(false)
  const startSetup = setup.mutate

  useEffect(() => {
    // Once per opening (StrictMode runs effects twice in development).
    if (started.current) return
    started.current = true
    startSetup()
  }, [startSetup])

  function requestClose() {
    if (enable.isPending) return
    if (codes && !saved) {
      setNag(true)
      return
    }
    onClose()
  }

  return (
    <Dialog open onOpenChange={(next) => !next && requestClose()}>
      <DialogContent layout="sections" className="max-h-[92dvh] max-w-lg" aria-describedby="two-factor-setup-description">
        {codes ? (
          <>
            <DialogHeader>
              <DialogTitle>Save your recovery codes</DialogTitle>
              <DialogDescription id="two-factor-setup-description">
                Two-factor sign-in is on. If you lose your phone, each of these codes signs you in once instead of a code from the app.
              </DialogDescription>
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
              <DialogTitle>Turn on two-factor sign-in</DialogTitle>
              <DialogDescription id="two-factor-setup-description">
                Use an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator, 1Password or Authy.
              </DialogDescription>
            </DialogHeader>
            {setup.isError ? (
              <>
                <DialogBody>
                  <Alert variant="destructive" role="alert">
                    <CircleAlert aria-hidden="true" />
                    <span>{serverErrorMessage(setup.error)}</span>
                  </Alert>
                </DialogBody>
                <DialogFooter>
                  <Button type="button" variant="outline" onClick={requestClose}>
                    Cancel
                  </Button>
                  <Button type="button" onClick={() => setup.mutate()}>
                    <RefreshCw aria-hidden="true" />
                    Try again
                  </Button>
                </DialogFooter>
              </>
            ) : (
              <CodeForm
                setup={setup.data}
                pending={enable.isPending}
                onCancel={requestClose}
                onRestart={() => {
                  enable.reset()
                  setup.mutate()
                }}
                onSubmit={(code, fail) =>
                  enable.mutate(code, {
                    onSuccess: (result) => {
                      toast.success('Two-factor sign-in is on')
                      setCodes(result.recoveryCodes)
                    },
                    onError: fail,
                  })
                }
              />
            )}
          </>
        )}
      </DialogContent>
    </Dialog>
  )
}

function CodeForm({
  setup,
  pending,
  onCancel,
  onRestart,
  onSubmit,
}: {
  setup: TwoFactorSetup | undefined
  pending: boolean
  onCancel: () => void
  onRestart: () => void
  onSubmit: (code: string, fail: (error: Error) => void) => void
}) {
  const [code, setCode] = useState('')
  const [fieldError, setFieldError] = useState<string>()
  const [failure, setFailure] = useState<{ message: string; restart: boolean }>()
  const inputRef = useRef<HTMLInputElement>(null)
  const id = useId()
  const secretLabelId = `${id}-secret`

  function submit(event: FormEvent) {
    event.preventDefault()
    setFailure(undefined)
    const digits = code.replace(/\D/g, '')
    if (digits.length !== 6) {
      setFieldError('Enter the 6-digit code your app shows')
      inputRef.current?.focus()
      return
    }
    setFieldError(undefined)
    onSubmit(digits, (error) => {
      if (isApiError(error) && error.status === 422) {
        setFieldError(fieldSentence('Code', typeof error.details?.reason === 'string' ? error.details.reason : error.message))
        setCode('')
        inputRef.current?.focus()
      } else {
        // 409: the set-up was lost (or it is on already): a new secret is needed.
        setFailure({ message: serverErrorMessage(error), restart: isApiError(error) && error.status === 409 })
      }
    })
  }

  return (
    <form noValidate onSubmit={submit} aria-label="Turn on two-factor sign-in" className="flex min-h-0 flex-1 flex-col">
      <DialogBody className="flex flex-col gap-5">
        {failure && (
          <Alert variant="destructive" role="alert" className="items-center">
            <CircleAlert aria-hidden="true" />
            <span className="flex-1">{failure.message}</span>
            {failure.restart && (
              <Button type="button" variant="outline" size="sm" onClick={onRestart}>
                Start again
              </Button>
            )}
          </Alert>
        )}
        <ol className="flex flex-col gap-5">
          <li className="flex flex-col gap-3">
            <p className="text-sm font-medium">1. Scan this QR code with the app</p>
            <div className="flex flex-col items-center gap-4 sm:flex-row sm:items-start">
              {setup ? (
                <img
                  src={qrImageSource(setup.qrSvg)}
                  alt="QR code to add CallCenter Pro to your authenticator app"
                  width={176}
                  height={176}
                  className="size-44 shrink-0 rounded-lg border border-border bg-white p-2"
                />
              ) : (
                <Skeleton className="size-44 shrink-0 rounded-lg" aria-label="Making a new secret" />
              )}
              <div className="flex min-w-0 flex-1 flex-col gap-2 self-stretch">
                <p id={secretLabelId} className="text-sm text-muted-foreground">
                  Cannot scan it? Enter this key in the app instead (time-based):
                </p>
                {setup ? (
                  <div className="flex min-w-0 items-center gap-2 rounded-md border border-border bg-muted px-3 py-2">
                    <code aria-labelledby={secretLabelId} data-testid="two-factor-secret" className="min-w-0 flex-1 font-mono text-sm tracking-wide break-words select-all">
                      {groupSecret(setup.secret)}
                    </code>
                    <CopyButton value={setup.secret} label="Copy key" />
                  </div>
                ) : (
                  <Skeleton className="h-10 w-full" />
                )}
                {setup && (
                  <a href={setup.otpauthUrl} className="inline-flex items-center gap-1.5 text-sm font-medium text-primary underline-offset-4 hover:underline sm:hidden">
                    <Smartphone className="size-4" aria-hidden="true" />
                    Open in an authenticator app on this phone
                  </a>
                )}
              </div>
            </div>
          </li>
          <li className="flex flex-col gap-2">
            <Label htmlFor={`${id}-code`} className="font-medium">
              2. Enter the 6-digit code the app shows
            </Label>
            <Input
              ref={inputRef}
              id={`${id}-code`}
              name="code"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={7}
              placeholder="123456"
              disabled={!setup}
              className="h-11 max-w-48 font-mono text-lg tracking-[0.3em]"
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${id}-code-error` : undefined}
            />
            {fieldError && (
              <p id={`${id}-code-error`} className="text-xs text-destructive">
                {fieldError}
              </p>
            )}
          </li>
        </ol>
      </DialogBody>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending || !setup}>
          {pending && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          Turn on
        </Button>
      </DialogFooter>
    </form>
  )
}
