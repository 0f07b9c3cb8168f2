import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useForm } from 'react-hook-form'
import { Navigate, useLocation, useNavigate, type Location } from 'react-router'
import { z } from 'zod'
import { useCurrentUser, useLogin } from '@/api/auth'
import { isApiError } from '@/api/client'
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
  if (error.status === 429 && error.retryAfter) return `${error.message} Try again in ${pluralize(error.retryAfter, 'second')}.`
  return error.message
}

export function LoginPage() {
  const navigate = useNavigate()
  const location = useLocation()
  const login = useLogin()
  // A signed-in visitor has nothing to do here: on to the page asked for, or the dashboard.
  const currentUser = useCurrentUser()
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<LoginForm>({ resolver: zodResolver(loginSchema), defaultValues: { username: '', password: '' } })

  const onSubmit = handleSubmit((values) => {
    login.mutate(values, { onSuccess: () => navigate(destination(location.state), { replace: true }) })
  })

  if (currentUser.data && !login.isPending) return <Navigate to={destination(location.state)} replace />

  return (
    <main className="grid min-h-dvh place-items-center bg-muted/40 p-4">
      <div className="flex w-full max-w-sm flex-col items-center gap-6">
        <Brand className="text-lg" />
        <Card className="w-full">
          <CardHeader className="pb-4">
            <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
            <CardDescription>Welcome back. Sign in to manage your campaigns and calls.</CardDescription>
          </CardHeader>
          <CardContent>
            <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
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
          </CardContent>
        </Card>
        <p className="text-center text-xs text-muted-foreground">CallCenter Pro · open-source pay-per-call platform</p>
      </div>
    </main>
  )
}
