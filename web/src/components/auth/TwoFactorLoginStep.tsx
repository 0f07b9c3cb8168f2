import { CircleAlert, KeyRound, LoaderCircle, Smartphone } from 'lucide-react'
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useTwoFactorLogin, type TwoFactorChallenge } from '@/api/auth'
import { isApiError } from '@/api/client'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { pluralize } from '@/lib/format'

type Mode = 'code' | 'recovery'

/** The server's answer when the challenge is over (5 wrong codes, or its 5 minutes are up). */
export function isChallengeEnded(error: unknown): boolean {
  return isApiError(error) && error.status === 401 && /sign in again/i.test(error.message)
}

/** "123 456" -> "123456": authenticator apps show the code in two groups. */
export function digitsOnly(value: string): string {
  return value.replace(/\D/g, '')
}

const EXPIRED_MESSAGE = 'This sign-in attempt has expired: sign in again.'

/**
 * The second step of signing in with two-factor sign-in on: a code from the authenticator app,
 * or one of the recovery codes. `onRestart` goes back to the password step (with why).
 */
export function TwoFactorLoginStep({
  challenge,
  onSignedIn,
  onRestart,
}: {
  challenge: TwoFactorChallenge
  onSignedIn: () => void
  onRestart: (message?: string) => void
}) {
  const verify = useTwoFactorLogin()
  const [mode, setMode] = useState<Mode>('code')
  const [value, setValue] = useState('')
  const [fieldError, setFieldError] = useState<string>()
  const [failure, setFailure] = useState<string>()
  const inputRef = useRef<HTMLInputElement>(null)
  const inputId = useId()
  const errorId = `${inputId}-error`
  const hintId = `${inputId}-hint`

  // The challenge ends on its own after a few minutes: back to the password then.
  useEffect(() => {
    const left = new Date(challenge.expiresAt).getTime() - Date.now()
    if (!Number.isFinite(left)) return
    const timer = setTimeout(() => onRestart(EXPIRED_MESSAGE), Math.max(left, 0))
    return () => clearTimeout(timer)
  }, [challenge.expiresAt, onRestart])

  function switchMode(next: Mode) {
    setMode(next)
    setValue('')
    setFieldError(undefined)
    setFailure(undefined)
    verify.reset()
    // The input is the same element in both modes: keep the focus on it.
    inputRef.current?.focus()
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    setFailure(undefined)
    const code = digitsOnly(value)
    const recoveryCode = value.trim().toLowerCase()
    if (mode === 'code' && code.length !== 6) {
      setFieldError('Enter all 6 digits of the code')
      inputRef.current?.focus()
      return
    }
    if (mode === 'recovery' && recoveryCode === '') {
      setFieldError('Enter one of your recovery codes')
      inputRef.current?.focus()
      return
    }
    setFieldError(undefined)
    verify.mutate(mode === 'code' ? { challenge: challenge.challenge, code } : { challenge: challenge.challenge, recoveryCode }, {
      onSuccess: onSignedIn,
      onError: (error) => {
        if (isChallengeEnded(error)) {
          onRestart(error.message)
          return
        }
        if (isApiError(error) && error.status === 401) {
          setFieldError(error.message)
          setValue('')
          inputRef.current?.focus()
          return
        }
        if (isApiError(error) && error.status === 429 && error.retryAfter) {
          setFailure(`${error.message} Try again in ${pluralize(error.retryAfter, 'second')}.`)
          return
        }
        setFailure(isApiError(error) ? error.message : 'Sign-in failed. Please try again.')
      },
    })
  }

  const isCode = mode === 'code'
  return (
    <form noValidate onSubmit={submit} aria-label="Two-factor sign-in" className="flex flex-col gap-4">
      {failure && (
        <Alert variant="destructive" role="alert">
          <CircleAlert aria-hidden="true" />
          <span>{failure}</span>
        </Alert>
      )}
      <div className="flex flex-col gap-2">
        <Label htmlFor={inputId}>{isCode ? 'Authentication code' : 'Recovery code'}</Label>
        <Input
          ref={inputRef}
          id={inputId}
          key={mode}
          name={isCode ? 'code' : 'recoveryCode'}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          autoFocus
          autoComplete={isCode ? 'one-time-code' : 'off'}
          inputMode={isCode ? 'numeric' : 'text'}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={isCode ? 7 : 32}
          placeholder={isCode ? '123456' : 'xxxxx-xxxxx'}
          className={isCode ? 'h-11 text-center indent-[0.4em] font-mono text-lg tracking-[0.4em]' : 'h-11 text-center font-mono text-base tracking-wider'}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? `${errorId} ${hintId}` : hintId}
        />
        {fieldError && (
          <p id={errorId} className="text-xs text-destructive" role="alert">
            {fieldError}
          </p>
        )}
        <p id={hintId} className="text-xs text-muted-foreground">
          {isCode
            ? 'Enter the 6-digit code from your authenticator app. It changes every 30 seconds.'
            : 'Enter one of the recovery codes you saved when you turned on two-factor sign-in. Each works once.'}
        </p>
      </div>
      <Button type="submit" className="w-full" disabled={verify.isPending}>
        {verify.isPending && <LoaderCircle className="animate-spin" aria-hidden="true" />}
        Verify and sign in
      </Button>
      <div className="flex flex-col items-center gap-1 text-sm">
        <Button type="button" variant="link" className="h-auto p-1" onClick={() => switchMode(isCode ? 'recovery' : 'code')}>
          {isCode ? <KeyRound aria-hidden="true" /> : <Smartphone aria-hidden="true" />}
          {isCode ? 'Use a recovery code instead' : 'Use a code from your app instead'}
        </Button>
        <Button type="button" variant="link" className="h-auto p-1 text-muted-foreground" onClick={() => onRestart()}>
          Back to sign in
        </Button>
      </div>
    </form>
  )
}
