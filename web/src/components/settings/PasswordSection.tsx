import { zodResolver } from '@hookform/resolvers/zod'
import { Check, CircleAlert, CircleCheck, Dot, LoaderCircle, X } from 'lucide-react'
import { useState } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { z } from 'zod'
import { useCurrentUser } from '@/api/auth'
import { useChangePassword } from '@/api/account'
import { isApiError } from '@/api/client'
import { FormField } from '@/components/shared/FormField'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { pluralize } from '@/lib/format'
import { cn } from '@/lib/utils'
import { showServerError } from './accountForm'

export const MIN_PASSWORD_LENGTH = 8

const passwordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password'),
    newPassword: z.string().min(1, 'Enter a new password'),
    confirmPassword: z.string().min(1, 'Enter the new password again'),
  })
  .refine((values) => values.newPassword === values.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two new passwords do not match',
  })

type PasswordFormValues = z.infer<typeof passwordSchema>

export interface PasswordCheck {
  label: string
  met: boolean
}

/**
 * A live hint of what the server asks of a new password. Only a hint: the server also refuses
 * common passwords, and its answer is the one that counts.
 */
export function passwordChecks(password: string, username: string | undefined): PasswordCheck[] {
  const name = username?.trim().toLowerCase()
  return [
    { label: `At least ${MIN_PASSWORD_LENGTH} characters`, met: password.length >= MIN_PASSWORD_LENGTH },
    { label: 'At least 5 different characters', met: new Set(password).size >= 5 },
    { label: 'Does not contain your username', met: password !== '' && !(name && password.toLowerCase().includes(name)) },
  ]
}

function StrengthHint({ password, username }: { password: string; username: string | undefined }) {
  const checks = passwordChecks(password, username)
  return (
    <ul aria-label="Password requirements" className="flex flex-col gap-1 text-xs">
      {checks.map((check) => (
        <li key={check.label} className={cn('flex items-center gap-1.5', check.met ? 'text-emerald-700 dark:text-emerald-300' : 'text-muted-foreground')}>
          {check.met ? (
            <Check className="size-3.5 shrink-0" aria-hidden="true" />
          ) : password === '' ? (
            <Dot className="size-3.5 shrink-0" aria-hidden="true" />
          ) : (
            <X className="size-3.5 shrink-0 text-amber-600 dark:text-amber-400" aria-hidden="true" />
          )}
          <span>
            {check.label}
            <span className="sr-only">{check.met ? ' (met)' : ' (not met yet)'}</span>
          </span>
        </li>
      ))}
      <li className="text-muted-foreground">Common passwords are refused too.</li>
    </ul>
  )
}

/** Settings → Password: change your own password; your other sessions are signed out. */
export function PasswordSection() {
  const username = useCurrentUser().data?.username
  const change = useChangePassword()
  const form = useForm<PasswordFormValues>({
    resolver: zodResolver(passwordSchema),
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    mode: 'onTouched',
  })
  const {
    register,
    control,
    handleSubmit,
    reset,
    formState: { errors, isSubmitting },
  } = form
  const newPassword = useWatch({ control, name: 'newPassword' })
  const [failure, setFailure] = useState<string>()
  const [done, setDone] = useState<number>()

  const submit = handleSubmit(async (values) => {
    setFailure(undefined)
    setDone(undefined)
    try {
      const result = await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword })
      reset()
      setDone(result.signedOutSessions)
    } catch (error) {
      if (isApiError(error) && error.status === 429) {
        setFailure(
          error.retryAfter
            ? `Too many attempts. Try again in ${pluralize(Math.max(1, Math.ceil(error.retryAfter / 60)), 'minute')}.`
            : 'Too many attempts. Wait a few minutes and try again.',
        )
        return
      }
      setFailure(showServerError(form, error, { currentPassword: 'Current password', newPassword: 'New password' }))
    }
  })

  return (
    <section aria-labelledby="password-heading" className="flex min-w-0 flex-col gap-3">
      <div className="min-w-0">
        <h2 id="password-heading" className="text-lg font-semibold">
          Password
        </h2>
        <p className="text-sm text-muted-foreground">Changing your password signs you out everywhere else; this browser stays signed in.</p>
      </div>
      <Card className="p-5">
        <form noValidate onSubmit={submit} aria-label="Change password" className="flex max-w-md flex-col gap-4">
          {/* For password managers: whose password this is. */}
          <input type="text" name="username" autoComplete="username" value={username ?? ''} readOnly hidden />
          {failure && (
            <Alert variant="destructive" role="alert">
              <CircleAlert aria-hidden="true" />
              <span>{failure}</span>
            </Alert>
          )}
          {done !== undefined && (
            <Alert variant="success" role="status">
              <CircleCheck aria-hidden="true" />
              <span>
                Password changed.{' '}
                {done === 0 ? 'No other sessions were signed in.' : `${pluralize(done, 'other session')} ${done === 1 ? 'was' : 'were'} signed out.`}
              </span>
            </Alert>
          )}
          <FormField label="Current password" required error={errors.currentPassword?.message}>
            {(p) => <Input {...p} type="password" autoComplete="current-password" {...register('currentPassword')} />}
          </FormField>
          <FormField label="New password" required error={errors.newPassword?.message}>
            {(p) => <Input {...p} type="password" autoComplete="new-password" {...register('newPassword')} />}
          </FormField>
          <StrengthHint password={newPassword} username={username} />
          <FormField label="Confirm new password" required error={errors.confirmPassword?.message}>
            {(p) => <Input {...p} type="password" autoComplete="new-password" {...register('confirmPassword')} />}
          </FormField>
          <div>
            <Button type="submit" disabled={isSubmitting}>
              {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
              Change password
            </Button>
          </div>
        </form>
      </Card>
    </section>
  )
}
