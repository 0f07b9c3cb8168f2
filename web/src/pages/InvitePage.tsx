import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LinkIcon, LoaderCircle } from 'lucide-react'
import { useState, type ReactNode } from 'react'
import { useForm } from 'react-hook-form'
import { Link, useNavigate, useParams } from 'react-router'
import { z } from 'zod'
import { useAcceptInvitation, useInvitationPreview, type InvitationPreview } from '@/api/members'
import { isApiError } from '@/api/client'
import { Brand } from '@/components/layout/Brand'
import { FormField } from '@/components/shared/FormField'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDateTime } from '@/lib/format'
import { roleDescriptions, roleLabel } from '@/lib/roles'
import { applyServerErrors, serverErrorMessage } from '@/lib/serverErrors'

const acceptSchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(3, 'At least 3 characters')
      .max(50, 'At most 50 characters')
      .regex(/^[A-Za-z0-9_.-]+$/, 'Only letters, digits, _ . and -'),
    password: z.string().min(8, 'At least 8 characters').max(256, 'At most 256 characters'),
    confirmPassword: z.string().min(1, 'Enter the password again'),
    firstName: z.string().trim().max(100, 'At most 100 characters'),
    lastName: z.string().trim().max(100, 'At most 100 characters'),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match' })
type AcceptValues = z.infer<typeof acceptSchema>

const INVALID_MESSAGE = 'This invitation is no longer valid: ask for a new one'

function Shell({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <main className="grid min-h-dvh place-items-center bg-muted/40 p-4">
      <div className="flex w-full max-w-md flex-col items-center gap-6">
        <Brand className="text-lg" />
        <Card className="w-full min-w-0">
          <CardHeader className="pb-4">
            <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
            {description && <CardDescription className="break-words">{description}</CardDescription>}
          </CardHeader>
          <CardContent>{children}</CardContent>
        </Card>
        <p className="text-center text-xs text-muted-foreground">CallCenter Pro · open-source pay-per-call platform</p>
      </div>
    </main>
  )
}

function AcceptForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const navigate = useNavigate()
  const accept = useAcceptInvitation(token)
  const form = useForm<AcceptValues>({
    resolver: zodResolver(acceptSchema),
    defaultValues: { username: '', password: '', confirmPassword: '', firstName: '', lastName: '' },
  })
  const {
    register,
    formState: { errors, isSubmitting },
  } = form
  const [failure, setFailure] = useState<string>()

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      await accept.mutateAsync({
        username: values.username.trim(),
        password: values.password,
        firstName: values.firstName.trim() || null,
        lastName: values.lastName.trim() || null,
      })
      navigate('/', { replace: true })
    } catch (error) {
      // A taken username (409) names no field: put it on the username all the same.
      if (isApiError(error) && error.status === 409 && !error.details?.field) {
        form.setError('username', { type: 'server', message: serverErrorMessage(error) }, { shouldFocus: true })
        return
      }
      const outcome = applyServerErrors(form, error, { username: 'username', password: 'password', firstName: 'firstName', lastName: 'lastName' })
      if (!outcome.field) setFailure(isApiError(error) && error.status === 404 ? INVALID_MESSAGE : outcome.message)
    }
  })

  return (
    <form noValidate onSubmit={submit} aria-label="Accept the invitation" className="flex flex-col gap-4">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-lg border border-border bg-muted/50 px-3 py-2.5 text-sm">
        <dt className="text-muted-foreground">Account</dt>
        <dd className="min-w-0 font-medium break-words">{preview.account}</dd>
        <dt className="text-muted-foreground">Invited by</dt>
        <dd className="min-w-0 break-words">{preview.invitedBy}</dd>
        <dt className="text-muted-foreground">E-mail</dt>
        <dd className="min-w-0 [overflow-wrap:anywhere]">{preview.email}</dd>
        <dt className="text-muted-foreground">Role</dt>
        <dd className="min-w-0">
          <span className="font-medium">{roleLabel(preview.role)}</span>
          {preview.role in roleDescriptions && (
            <span className="block text-xs text-muted-foreground">{roleDescriptions[preview.role as keyof typeof roleDescriptions]}</span>
          )}
        </dd>
      </dl>
      {failure && (
        <Alert variant="destructive" role="alert">
          <CircleAlert aria-hidden="true" />
          <span className="min-w-0 break-words">{failure}</span>
        </Alert>
      )}
      <FormField label="Username" required error={errors.username?.message} hint="3–50 letters, digits, _ . or -; you sign in with it.">
        {(p) => <Input {...p} autoComplete="username" autoFocus {...register('username')} />}
      </FormField>
      <FormField label="Password" required error={errors.password?.message} hint="At least 8 characters.">
        {(p) => <Input {...p} type="password" autoComplete="new-password" {...register('password')} />}
      </FormField>
      <FormField label="Confirm password" required error={errors.confirmPassword?.message}>
        {(p) => <Input {...p} type="password" autoComplete="new-password" {...register('confirmPassword')} />}
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="First name" error={errors.firstName?.message} hint="Optional.">
          {(p) => <Input {...p} autoComplete="given-name" {...register('firstName')} />}
        </FormField>
        <FormField label="Last name" error={errors.lastName?.message} hint="Optional.">
          {(p) => <Input {...p} autoComplete="family-name" {...register('lastName')} />}
        </FormField>
      </div>
      <Button type="submit" className="mt-2 w-full" disabled={isSubmitting}>
        {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
        Join {preview.account}
      </Button>
      <p className="text-center text-xs text-muted-foreground">
        Already have a sign-in?{' '}
        <Link to="/login" className="font-medium text-primary underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  )
}

/** `/invite/:token`: a public page to accept an invitation by choosing a username and password. */
export function InvitePage() {
  const { token = '' } = useParams()
  const preview = useInvitationPreview(token)

  if (preview.isPending) {
    return (
      <Shell title="Join CallCenter Pro">
        <div className="flex flex-col gap-3" aria-busy="true" aria-label="Loading the invitation">
          <Skeleton className="h-24 w-full" />
          <Skeleton className="h-9 w-full" />
          <Skeleton className="h-9 w-full" />
        </div>
      </Shell>
    )
  }

  if (preview.isError) {
    const invalid = isApiError(preview.error) && (preview.error.status === 404 || preview.error.status === 410)
    return (
      <Shell title={invalid ? 'Invitation not valid' : 'The invitation could not be loaded'}>
        <div className="flex flex-col gap-4">
          <Alert variant={invalid ? 'warning' : 'destructive'} role="alert">
            {invalid ? <LinkIcon aria-hidden="true" /> : <CircleAlert aria-hidden="true" />}
            <span className="min-w-0 break-words">{invalid ? preview.error.message || INVALID_MESSAGE : serverErrorMessage(preview.error)}</span>
          </Alert>
          <p className="text-sm text-muted-foreground">
            {invalid
              ? 'Links work for 7 days and only once; ask whoever invited you to invite you again. If you already joined, sign in.'
              : 'Check your connection and try again.'}
          </p>
          <div className="flex flex-wrap gap-2">
            {!invalid && (
              <Button variant="outline" onClick={() => void preview.refetch()}>
                Try again
              </Button>
            )}
            <Button asChild>
              <Link to="/login">Go to sign in</Link>
            </Button>
          </div>
        </div>
      </Shell>
    )
  }

  const data = preview.data
  return (
    <Shell
      title={`Join ${data.account}`}
      description={
        <>
          {data.invitedBy} invited {data.email} to the account {data.account} as {roleLabel(data.role).toLowerCase()}. The invitation is
          valid until {formatDateTime(data.expiresAt)}.
        </>
      }
    >
      <AcceptForm token={token} preview={data} />
    </Shell>
  )
}
