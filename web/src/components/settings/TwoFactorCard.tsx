import { CircleAlert, KeyRound, ShieldAlert, ShieldCheck, Users } from 'lucide-react'
import { useId, useState } from 'react'
import { toast } from 'sonner'
import { useCurrentUser } from '@/api/auth'
import { useAccountSecurity, useTwoFactorStatus, useUpdateAccountSecurity, type TwoFactorStatus } from '@/api/twoFactor'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Label } from '@/components/ui/label'
import { Skeleton } from '@/components/ui/skeleton'
import { Switch } from '@/components/ui/switch'
import { formatDateTime, pluralize } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'
import { cn } from '@/lib/utils'
import { TwoFactorPasswordDialog, type PasswordAction } from './TwoFactorPasswordDialog'
import { TwoFactorSetupDialog } from './TwoFactorSetupDialog'

/** Fewer recovery codes than this left: suggest new ones. */
const FEW_CODES = 3

/** The account requires two-factor sign-in and this member has not turned it on. */
export function isSetupRequired(status: TwoFactorStatus | undefined): boolean {
  return status?.requiredByAccount === true && !status.enabled
}

/**
 * Settings → Security, two-factor part: why the member was sent here (when the account requires
 * it), their own two-factor state and actions, and the account-wide requirement.
 */
export function TwoFactorSettings() {
  const status = useTwoFactorStatus()
  const setupRequired = isSetupRequired(status.data)
  return (
    <div className="flex min-w-0 flex-col gap-4">
      {setupRequired && (
        <Alert variant="warning" role="alert" data-testid="two-factor-required-banner">
          <ShieldAlert aria-hidden="true" />
          <div className="flex flex-col gap-1">
            <p className="font-medium">Your account requires two-factor sign-in</p>
            <p>
              An owner of your account asks every member to sign in with a code from an authenticator app as well as their password. Turn
              it on below to continue: until then the rest of CallCenter Pro is not available to you.
            </p>
          </div>
        </Alert>
      )}
      <TwoFactorCard />
      {/* The requirement is not readable before the member's own set-up. */}
      {status.data && !setupRequired && <RequireTwoFactorSetting ownEnabled={status.data.enabled} />}
    </div>
  )
}

/** The member's own two-factor sign-in: on or off, since when, recovery codes left, and the actions. */
export function TwoFactorCard() {
  const status = useTwoFactorStatus()
  const timeZone = useCurrentUser().data?.timeZone
  const [settingUp, setSettingUp] = useState(false)
  const [passwordAction, setPasswordAction] = useState<PasswordAction>()
  const data = status.data
  const enabled = data?.enabled === true

  return (
    <Card className="flex min-w-0 flex-col gap-4 p-5" aria-labelledby="two-factor-heading" role="region">
      <div className="flex min-w-0 items-start gap-3">
        {enabled ? (
          <ShieldCheck className="mt-0.5 size-5 shrink-0 text-emerald-600 dark:text-emerald-400" aria-hidden="true" />
        ) : (
          <ShieldAlert className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
        )}
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 id="two-factor-heading" className="font-semibold">
              Two-factor authentication
            </h3>
            {data && <Badge variant={enabled ? 'success' : 'neutral'}>{enabled ? 'On' : 'Off'}</Badge>}
          </div>
          <p className="text-sm text-muted-foreground">
            Sign in with a code from an authenticator app on your phone as well as your password, so a stolen password alone cannot
            get into your account.
          </p>
        </div>
      </div>

      {/* Under the heading, beside the icon's column on wider screens. */}
      <div className="flex min-w-0 flex-col gap-4 sm:pl-8">
        {status.isPending ? (
          <Skeleton className="h-16 w-full" />
        ) : status.isError ? (
          <QueryErrorAlert title="The two-factor state could not be loaded." error={status.error} onRetry={() => void status.refetch()} />
        ) : enabled ? (
          <>
            <dl className="grid gap-3 text-sm sm:grid-cols-2">
              <div className="flex flex-col gap-0.5">
                <dt className="text-muted-foreground">Status</dt>
                <dd className="font-medium" data-testid="two-factor-since">
                  On since {formatDateTime(status.data.enabledAt, timeZone)}
                </dd>
              </div>
              <div className="flex flex-col gap-0.5">
                <dt className="text-muted-foreground">Recovery codes</dt>
                <dd className={cn('font-medium', status.data.recoveryCodesLeft <= FEW_CODES && 'text-amber-700 dark:text-amber-300')}>
                  {pluralize(status.data.recoveryCodesLeft, 'recovery code')} left
                </dd>
              </div>
            </dl>
            {status.data.recoveryCodesLeft <= FEW_CODES && (
              <p className="text-sm text-amber-700 dark:text-amber-300">
                {status.data.recoveryCodesLeft === 0 ? 'You have no recovery codes left' : 'You are running out of recovery codes'}: make new
                ones so you can still sign in without your phone.
              </p>
            )}
            {status.data.requiredByAccount && (
              <p className="text-sm text-muted-foreground">Your account requires two-factor sign-in, so it cannot be turned off.</p>
            )}
            <div className="flex flex-wrap gap-2">
              <Button variant="outline" onClick={() => setPasswordAction('recovery-codes')}>
                <KeyRound aria-hidden="true" />
                New recovery codes
              </Button>
              <Button variant="outline" onClick={() => setPasswordAction('disable')}>
                Turn off
              </Button>
            </div>
          </>
        ) : (
          <div className="flex flex-col items-start gap-3">
            <p className="text-sm">Two-factor sign-in is off: you sign in with your password alone.</p>
            <Button onClick={() => setSettingUp(true)}>
              <ShieldCheck aria-hidden="true" />
              Turn on
            </Button>
          </div>
        )}
      </div>
      <TwoFactorSetupDialog open={settingUp} onOpenChange={setSettingUp} />
      <TwoFactorPasswordDialog
        action={passwordAction}
        requiredByAccount={data?.requiredByAccount === true}
        onClose={() => setPasswordAction(undefined)}
      />
    </Card>
  )
}

/**
 * The account-wide "require two-factor sign-in" setting: a switch for owners (who need theirs on
 * first), a plain sentence for the other roles.
 */
export function RequireTwoFactorSetting({ ownEnabled }: { ownEnabled: boolean }) {
  const role = useCurrentUser().data?.role
  const isOwner = role === 'owner'
  const security = useAccountSecurity()
  const update = useUpdateAccountSecurity()
  const [confirming, setConfirming] = useState(false)
  const id = useId()
  const required = security.data?.requireTwoFactor === true

  function save(requireTwoFactor: boolean) {
    update.mutate(
      { requireTwoFactor },
      {
        onSuccess: () => {
          setConfirming(false)
          toast.success(requireTwoFactor ? 'Two-factor sign-in is now required of every member' : 'Two-factor sign-in is no longer required')
        },
      },
    )
  }

  return (
    <Card className="flex min-w-0 flex-col gap-3 p-5" role="region" aria-labelledby={`${id}-heading`}>
      <div className="flex min-w-0 items-start gap-3">
        <Users className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <h3 id={`${id}-heading`} className="font-semibold">
            Two-factor sign-in for the whole account
          </h3>
          {security.isPending ? (
            <Skeleton className="h-9 w-full" />
          ) : security.isError ? (
            <QueryErrorAlert title="The account's security settings could not be loaded." error={security.error} onRetry={() => void security.refetch()} />
          ) : isOwner ? (
            <div className="mt-1 flex items-start justify-between gap-4">
              <div className="flex min-w-0 flex-col gap-1">
                <Label htmlFor={`${id}-switch`}>Require two-factor sign-in for every member</Label>
                <p id={`${id}-hint`} className="text-xs text-muted-foreground">
                  {!ownEnabled && !required
                    ? 'Turn on your own two-factor sign-in first.'
                    : 'Members without it must set it up before they can do anything else.'}
                </p>
              </div>
              <Switch
                id={`${id}-switch`}
                checked={required}
                disabled={update.isPending || (!ownEnabled && !required)}
                onCheckedChange={(next) => {
                  update.reset()
                  if (next) setConfirming(true)
                  else save(false)
                }}
                aria-describedby={`${id}-hint`}
              />
            </div>
          ) : (
            <p className="text-sm text-muted-foreground" data-testid="require-two-factor-readonly">
              {required
                ? 'Every member of this account must sign in with two-factor authentication.'
                : 'Two-factor sign-in is not required of the members of this account.'}{' '}
              Only an owner can change this.
            </p>
          )}
          {update.isError && !confirming && (
            <Alert variant="destructive" role="alert" className="mt-2">
              <CircleAlert aria-hidden="true" />
              <span>{serverErrorMessage(update.error)}</span>
            </Alert>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={(open) => {
          setConfirming(open)
          if (!open) update.reset()
        }}
        title="Require two-factor sign-in for every member?"
        description="Members who have not turned it on are asked to set it up the next time they use CallCenter Pro, before they can do anything else."
        confirmLabel="Require it"
        destructive={false}
        pending={update.isPending}
        error={update.error}
        onConfirm={() => save(true)}
      />
    </Card>
  )
}
