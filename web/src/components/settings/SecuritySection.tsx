import { useQueryClient } from '@tanstack/react-query'
import { History, LogOut, MonitorSmartphone } from 'lucide-react'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { toast } from 'sonner'
import { useEndOtherSessions, useEndSession, useSessions, useSignIns, type AccountSession, type SignIn } from '@/api/account'
import { useCurrentUser } from '@/api/auth'
import { useTwoFactorStatus } from '@/api/twoFactor'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { formatDateTime, formatRelativeTime, formatShortDateTime, pluralize } from '@/lib/format'
import { AllowedAddressesCard } from './AllowedAddressesCard'
import { isSetupRequired, TwoFactorSettings } from './TwoFactorCard'

/** "Chrome on macOS" with the full user agent as its title. */
function Device({ device, userAgent }: { device: string; userAgent?: string | null }) {
  return (
    <span className="font-medium break-words" title={userAgent ?? undefined}>
      {device || 'Unknown device'}
    </span>
  )
}

function Address({ address }: { address?: string | null }) {
  return address ? <span className="font-mono text-xs break-all">{address}</span> : <span className="text-muted-foreground">Unknown</span>
}

function sessionColumns(timeZone: string | undefined, onSignOut: (session: AccountSession) => void, pendingId: string | undefined): Column<AccountSession>[] {
  return [
    {
      id: 'device',
      header: 'Device',
      className: 'min-w-40 max-w-72 whitespace-normal',
      cell: (s) => (
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <Device device={s.device} userAgent={s.userAgent} />
          {s.current && <Badge variant="info">This device</Badge>}
        </div>
      ),
    },
    { id: 'address', header: 'Address', cell: (s) => <Address address={s.ipAddress} /> },
    {
      id: 'signedIn',
      header: 'Signed in',
      cell: (s) => <span title={formatDateTime(s.createdAt, timeZone)}>{formatShortDateTime(s.createdAt, timeZone)}</span>,
    },
    {
      id: 'lastSeen',
      header: 'Last seen',
      cell: (s) => <span title={formatDateTime(s.lastSeenAt, timeZone)}>{s.current ? 'Now' : formatRelativeTime(s.lastSeenAt)}</span>,
    },
    {
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      cardLabel: 'Actions',
      align: 'right',
      cell: (s) => (
        <Button
          variant="outline"
          size="sm"
          aria-label={s.current ? 'Sign out this device' : `Sign out ${s.device || 'this session'} (${s.ipAddress ?? 'unknown address'})`}
          disabled={pendingId === s.id}
          onClick={() => onSignOut(s)}
        >
          Sign out
        </Button>
      ),
    },
  ]
}

/** A sign-in with its place in the list (two attempts may share a millisecond). */
type SignInRow = SignIn & { index: number }

function signInColumns(timeZone: string | undefined): Column<SignInRow>[] {
  return [
    {
      id: 'at',
      header: 'Time',
      cell: (s) => (
        <span className="whitespace-nowrap" title={formatDateTime(s.at, timeZone)}>
          {formatShortDateTime(s.at, timeZone)}
        </span>
      ),
    },
    {
      id: 'result',
      header: 'Result',
      className: 'whitespace-normal',
      cell: (s) =>
        s.success ? (
          <Badge variant="success">Succeeded</Badge>
        ) : (
          <div className="flex flex-col items-start gap-0.5">
            <Badge variant="danger">Failed</Badge>
            {s.reason && <span className="text-xs text-muted-foreground">{s.reason}</span>}
          </div>
        ),
    },
    { id: 'device', header: 'Device', className: 'min-w-32 max-w-72 whitespace-normal', cell: (s) => <Device device={s.device} /> },
    { id: 'address', header: 'Address', cell: (s) => <Address address={s.ipAddress} /> },
  ]
}

/** This browser's session first, then the others, most recently seen first. */
export function currentFirst(sessions: readonly AccountSession[]): AccountSession[] {
  return [...sessions].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt))
}

/**
 * Settings → Security: two-factor sign-in, the account's allowed addresses, your signed-in
 * sessions and the sign-ins on your username. A member who must set up two-factor sign-in first sees only that (the server
 * refuses the rest until then).
 */
export function SecuritySection() {
  const twoFactor = useTwoFactorStatus()
  const showSessions = !twoFactor.isPending && !isSetupRequired(twoFactor.data)
  return (
    <section aria-labelledby="security-heading" className="flex min-w-0 flex-col gap-6">
      <div className="min-w-0">
        <h2 id="security-heading" className="text-lg font-semibold">
          Security
        </h2>
        <p className="text-sm text-muted-foreground">How you sign in, where you are signed in, and every attempt to sign in as you.</p>
      </div>
      <TwoFactorSettings />
      {showSessions && (
        <>
          <AllowedAddressesCard />
          <ActiveSessions />
          <SignInHistory />
        </>
      )}
    </section>
  )
}

function ActiveSessions() {
  const timeZone = useCurrentUser().data?.timeZone
  const sessions = useSessions()
  const endOne = useEndSession()
  const endOthers = useEndOtherSessions()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const [confirmingOthers, setConfirmingOthers] = useState(false)
  const [confirmingCurrent, setConfirmingCurrent] = useState(false)
  const others = sessions.data?.filter((s) => !s.current).length ?? 0

  function signOut(session: AccountSession) {
    if (session.current) {
      setConfirmingCurrent(true)
      return
    }
    endOne.mutate(session, {
      onSuccess: () => toast.success(`${session.device || 'The session'} was signed out`),
      onError: (error) => toast.error(error.message),
    })
  }

  function signOutHere() {
    const current = sessions.data?.find((s) => s.current)
    if (!current) return
    endOne.mutate(current, {
      onSuccess: () => {
        // This browser's session is gone: nothing cached may outlive it.
        queryClient.clear()
        void navigate('/login', { replace: true })
      },
    })
  }

  return (
    <div className="flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h3 className="font-semibold">Active sessions</h3>
          <p className="text-sm text-muted-foreground">Sign out a browser you no longer use, or one you do not recognise.</p>
        </div>
        <Button variant="outline" disabled={others === 0} onClick={() => setConfirmingOthers(true)}>
          <LogOut aria-hidden="true" />
          Sign out all other sessions
        </Button>
      </div>
      <DataTable
        cards
        caption="Active sessions"
        columns={sessionColumns(timeZone, signOut, endOne.isPending ? endOne.variables?.id : undefined)}
        rows={sessions.data && currentFirst(sessions.data)}
        getRowKey={(s) => s.id}
        isLoading={sessions.isPending}
        error={sessions.error}
        onRetry={() => void sessions.refetch()}
        empty={<EmptyState icon={MonitorSmartphone} title="No active sessions" />}
      />
      <ConfirmDialog
        open={confirmingOthers}
        onOpenChange={(open) => {
          setConfirmingOthers(open)
          if (!open) endOthers.reset()
        }}
        title="Sign out all other sessions?"
        description={`${pluralize(others, 'other session')} will be signed out at once and must sign in again. This browser stays signed in.`}
        confirmLabel="Sign out other sessions"
        pending={endOthers.isPending}
        error={endOthers.error}
        onConfirm={() =>
          endOthers.mutate(undefined, {
            onSuccess: (result) => {
              toast.success(`${pluralize(result.signedOutSessions, 'other session')} signed out`)
              setConfirmingOthers(false)
              endOthers.reset()
            },
          })
        }
      />
      <ConfirmDialog
        open={confirmingCurrent}
        onOpenChange={(open) => {
          setConfirmingCurrent(open)
          if (!open) endOne.reset()
        }}
        title="Sign out of this device?"
        description="You will be taken to the sign-in page."
        confirmLabel="Sign out"
        pending={endOne.isPending}
        error={endOne.error}
        onConfirm={signOutHere}
      />
    </div>
  )
}

function SignInHistory() {
  const timeZone = useCurrentUser().data?.timeZone
  const signIns = useSignIns()
  return (
    <div className="flex min-w-0 flex-col gap-3">
      <div className="min-w-0">
        <h3 className="font-semibold">Sign-in history</h3>
        <p className="text-sm text-muted-foreground">The last 100 attempts to sign in with your username, newest first.</p>
      </div>
      <DataTable
        cards
        caption="Sign-in history"
        columns={signInColumns(timeZone)}
        rows={signIns.data?.map((s, index) => ({ ...s, index }))}
        getRowKey={(s) => s.index}
        isLoading={signIns.isPending}
        error={signIns.error}
        onRetry={() => void signIns.refetch()}
        empty={<EmptyState icon={History} title="No sign-ins yet" />}
      />
    </div>
  )
}
