import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useCallback, useState, type ReactNode } from 'react'
import { useForm } from 'react-hook-form'
import { Navigate, useLocation, useNavigate, type Location } from 'react-router'
import { z } from 'zod'
import { isTwoFactorChallenge, useCurrentUser, useLogin, type TwoFactorChallenge } from '@/api/auth'
import { ADDRESS_NOT_ALLOWED_HINT, isAddressNotAllowed, isApiError } from '@/api/client'
import { TwoFactorLoginStep } from '@/components/auth/TwoFactorLoginStep'
import { Brand } from '@/components/layout/Brand'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { pluralize } from '@/lib/format'

const loginSchema = z.object({
  username: z.string().trim().min(1, 'Enter your username'),
  password: z.string().min(1, 'Enter your password'),
})
type LoginForm = z.infer<typeof loginSchema>

/** Where to go after signing in: the page first asked for, else the dashboard. */
function destination(state: unknown): string {
  const from = (state as { from?: Partial<Location> } | null)?.from
  if (!from?.pathname || from.pathname === '/login') return '/'
  return `${from.pathname}${from.search ?? ''}${from.hash ?? ''}`
}

function errorMessage(error: unknown): string {
  if (!isApiError(error)) return 'Sign-in failed. Please try again.'
  if (isAddressNotAllowed(error)) return `${error.message}. ${ADDRESS_NOT_ALLOWED_HINT}`
  if (error.status === 429 && error.retryAfter) return `${error.message} Try again in ${pluralize(error.retryAfter, 'second')}.`
  return error.message
}

export function LoginPage() {
  const navigate = useNavigate()
  const location = useLocation()
  const login = useLogin()
  // A signed-in visitor has nothing to do here: on to the page asked for, or the dashboard.
  const currentUser = useCurrentUser()
  // The password was right and two-factor sign-in is on: the code step.
  const [challenge, setChallenge] = useState<TwoFactorChallenge>()
  // Why the visitor is back at the password step (the code step ended).
  const [notice, setNotice] = useState<string>()
  const {
    register,
    handleSubmit,
    setValue,
    setFocus,
    formState: { errors },
  } = useForm<LoginForm>({ resolver: zodResolver(loginSchema), defaultValues: { username: '', password: '' } })

  const onSubmit = handleSubmit((values) => {
    setNotice(undefined)
    login.mutate(values, {
      onSuccess: (result) => {
        if (isTwoFactorChallenge(result)) setChallenge(result)
        else void navigate(destination(location.state), { replace: true })
      },
    })
  })

  const resetLogin = login.reset
  const restart = useCallback(
    (message?: string) => {
      setChallenge(undefined)
      setNotice(message)
      resetLogin()
      setValue('password', '')
      // Once the password step is back on screen.
      setTimeout(() => setFocus('password'), 0)
    },
    [resetLogin, setValue, setFocus],
  )

  if (currentUser.data && !login.isPending && !challenge) return <Navigate to={destination(location.state)} replace />

  if (challenge) {
    return (
      <LoginFrame title="Two-factor sign-in" description="Your password is right. One more step to finish signing in.">
        <TwoFactorLoginStep
          challenge={challenge}
          onSignedIn={() => void navigate(destination(location.state), { replace: true })}
          onRestart={restart}
        />
      </LoginFrame>
    )
  }

  return (
    <LoginFrame title="Sign in" description="Welcome back. Sign in to manage your campaigns and calls.">
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
        {notice && !login.isError && (
          <Alert variant="warning" role="alert">
            <CircleAlert aria-hidden="true" />
            <span>{notice}</span>
          </Alert>
        )}
        {login.isError && (
          <Alert variant="destructive" role="alert">
            <CircleAlert aria-hidden="true" />
            <span>{errorMessage(login.error)}</span>
          </Alert>
        )}
        <div className="flex flex-col gap-2">
          <Label htmlFor="username">Username</Label>
          <Input
            id="username"
            autoComplete="username"
            autoFocus
            aria-invalid={errors.username ? true : undefined}
            aria-describedby={errors.username ? 'username-error' : undefined}
            {...register('username')}
          />
          {errors.username && (
            <p id="username-error" className="text-xs text-destructive">
              {errors.username.message}
            </p>
          )}
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="password">Password</Label>
          <Input
            id="password"
            type="password"
            autoComplete="current-password"
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? 'password-error' : undefined}
            {...register('password')}
          />
          {errors.password && (
            <p id="password-error" className="text-xs text-destructive">
              {errors.password.message}
            </p>
          )}
        </div>
        <Button type="submit" className="mt-2 w-full" disabled={login.isPending}>
          {login.isPending && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          Sign in
        </Button>
      </form>
    </LoginFrame>
  )
}

/** The page around each step: the brand, a card with the step's heading, and the footer line. */
function LoginFrame({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <main className="grid min-h-dvh place-items-center bg-muted/40 p-4">
      <div className="flex w-full max-w-sm flex-col items-center gap-6">
        <Brand className="text-lg" />
        <Card className="w-full">
          <CardHeader className="pb-4">
            <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
            <CardDescription>{description}</CardDescription>
          </CardHeader>
          <CardContent>{children}</CardContent>
        </Card>
        <p className="text-center text-xs text-muted-foreground">CallCenter Pro · open-source pay-per-call platform</p>
      </div>
    </main>
  )
}
