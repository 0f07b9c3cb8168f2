import { useEffect, useRef } from 'react'
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router'
import { useCurrentUser } from '@/api/auth'
import { isUnauthorized } from '@/api/client'
import { TWO_FACTOR_SETUP_PATH, useTwoFactorSetupRefusals } from '@/lib/twoFactorGate'
import { Toaster } from '@/components/ui/sonner'
import { Brand } from './Brand'
import { FullPageStatus } from './FullPageStatus'
import { SidebarNav } from './SidebarNav'
import { Topbar } from './Topbar'

/**
 * The signed-in shell: sidebar, top bar and the current page. Sends visitors without a session
 * to /login, and members who must set up two-factor sign-in first to its set-up.
 */
export function AppLayout() {
  const location = useLocation()
  const navigate = useNavigate()
  const user = useCurrentUser()
  const refusals = useTwoFactorSetupRefusals()
  const seenRefusals = useRef(refusals)

  // A request refused with TWO_FACTOR_SETUP_REQUIRED: on to the set-up, which says why.
  useEffect(() => {
    if (refusals === seenRefusals.current) return
    seenRefusals.current = refusals
    if (location.pathname !== TWO_FACTOR_SETUP_PATH) {
      void navigate(TWO_FACTOR_SETUP_PATH, { replace: true, state: { twoFactorSetupRequired: true } })
    }
  }, [refusals, location.pathname, navigate])

  if (isUnauthorized(user.error)) return <Navigate to="/login" replace state={{ from: location }} />
  if (user.isPending) return <FullPageStatus />
  if (user.isError) return <FullPageStatus error={user.error} onRetry={() => void user.refetch()} />

  return (
    <div className="min-h-dvh bg-page">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 text-sm focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:ring-2 focus:ring-ring"
      >
        Skip to content
      </a>
      {/* Fixed, not sticky: the sidebar stays whatever the page's height or overflow. */}
      <aside className="fixed inset-y-0 left-0 z-40 hidden w-60 flex-col border-r border-border bg-background md:flex">
        <div className="flex h-14 shrink-0 items-center border-b border-border px-5">
          <Brand />
        </div>
        <SidebarNav />
      </aside>
      <div className="flex min-h-dvh min-w-0 flex-col md:pl-60">
        <Topbar user={user.data} />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl min-w-0 flex-1 p-4 outline-none md:p-8">
          <Outlet />
        </main>
      </div>
      <Toaster />
    </div>
  )
}
