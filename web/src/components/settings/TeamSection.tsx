import { CircleAlert, MailPlus, Users } from 'lucide-react'
import { useState } from 'react'
import { toast } from 'sonner'
import { useMembers, useRemoveMember, useUpdateMemberRole, useWithdrawInvitation, type Invitation, type Member, type Role } from '@/api/members'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { usePermissions } from '@/hooks/usePermissions'
import { formatDateTime, formatShortDateTime } from '@/lib/format'
import { assignableRoles, roleDescriptions, roleLabel, roleLabels } from '@/lib/roles'
import { serverErrorMessage } from '@/lib/serverErrors'
import { InviteMemberDialog } from './InviteMemberDialog'

function fullName(member: Member): string {
  return [member.firstName, member.lastName].filter(Boolean).join(' ')
}

/** What the viewer may do to a member. */
interface MemberRights {
  changeRole: boolean
  remove: boolean
}

function memberRights(member: Member, viewerRole: string | undefined, canWrite: boolean): MemberRights {
  if (!canWrite) return { changeRole: false, remove: false }
  // Only owners may touch owners.
  const reachable = member.role !== 'owner' || viewerRole === 'owner'
  return { changeRole: reachable, remove: reachable && !member.you && !member.founder }
}

function memberColumns({
  viewerRole,
  canWrite,
  pendingId,
  onRoleChange,
  onRemove,
}: {
  viewerRole: string | undefined
  canWrite: boolean
  pendingId: number | undefined
  onRoleChange: (member: Member, role: Role) => void
  onRemove: (member: Member) => void
}): Column<Member>[] {
  const columns: Column<Member>[] = [
    {
      id: 'member',
      header: 'Member',
      className: 'min-w-44 max-w-72 whitespace-normal',
      cell: (m) => (
        <div className="flex min-w-0 flex-col gap-0.5">
          <span className="flex flex-wrap items-center gap-1.5">
            <span className="font-medium break-words">{fullName(m) || m.username}</span>
            {m.you && <Badge variant="info">You</Badge>}
            {m.founder && <Badge variant="neutral">Founder</Badge>}
          </span>
          {fullName(m) && <span className="text-xs [overflow-wrap:anywhere] text-muted-foreground">@{m.username}</span>}
        </div>
      ),
    },
    {
      id: 'email',
      header: 'E-mail',
      className: 'min-w-40 max-w-64 whitespace-normal',
      cell: (m) => (m.email ? <span className="[overflow-wrap:anywhere]">{m.email}</span> : <span className="text-muted-foreground">—</span>),
    },
    {
      id: 'role',
      header: 'Role',
      cell: (m) => {
        const rights = memberRights(m, viewerRole, canWrite)
        if (!rights.changeRole) return <Badge variant={m.role === 'owner' ? 'info' : 'neutral'}>{roleLabel(m.role)}</Badge>
        const choices = assignableRoles(viewerRole)
        return (
          <OptionSelect<Role>
            aria-label={`Role of ${m.username}`}
            className="h-8 w-32"
            value={m.role as Role}
            disabled={pendingId === m.id}
            onValueChange={(role) => role !== m.role && onRoleChange(m, role)}
            options={choices.map((role) => ({ value: role, label: roleLabels[role] }))}
          />
        )
      },
    },
    {
      id: 'joined',
      header: 'Joined',
      cell: (m) => <span title={formatDateTime(m.joinedAt)}>{formatShortDateTime(m.joinedAt)}</span>,
    },
  ]
  if (canWrite) {
    columns.push({
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      cardLabel: 'Actions',
      align: 'right',
      cell: (m) =>
        memberRights(m, viewerRole, canWrite).remove ? (
          <Button variant="outline" size="sm" aria-label={`Remove ${m.username}`} onClick={() => onRemove(m)}>
            Remove
          </Button>
        ) : null,
    })
  }
  return columns
}

function invitationColumns(canWrite: boolean, onWithdraw: (invitation: Invitation) => void): Column<Invitation>[] {
  const columns: Column<Invitation>[] = [
    {
      id: 'email',
      header: 'E-mail',
      className: 'min-w-44 max-w-72 whitespace-normal',
      cell: (i) => <span className="font-medium [overflow-wrap:anywhere]">{i.email}</span>,
    },
    { id: 'role', header: 'Role', cell: (i) => <Badge variant="neutral">{roleLabel(i.role)}</Badge> },
    {
      id: 'status',
      header: 'Status',
      cell: (i) => (i.status === 'expired' ? <Badge variant="warning">Expired</Badge> : <Badge variant="info">Pending</Badge>),
    },
    { id: 'invited', header: 'Invited', cell: (i) => <span title={formatDateTime(i.invitedAt)}>{formatShortDateTime(i.invitedAt)}</span> },
    {
      id: 'expires',
      header: 'Expires',
      cell: (i) => <span title={formatDateTime(i.expiresAt)}>{formatShortDateTime(i.expiresAt)}</span>,
    },
  ]
  if (canWrite) {
    columns.push({
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      cardLabel: 'Actions',
      align: 'right',
      cell: (i) => (
        <Button variant="outline" size="sm" aria-label={`Withdraw the invitation of ${i.email}`} onClick={() => onWithdraw(i)}>
          Withdraw
        </Button>
      ),
    })
  }
  return columns
}

/** The account's members and open invitations: invite, change roles, remove, withdraw. */
export function TeamSection() {
  const members = useMembers()
  const { role: viewerRole, canWrite: can, denied } = usePermissions()
  const canWrite = can('members')
  const updateRole = useUpdateMemberRole()
  const remove = useRemoveMember()
  const withdraw = useWithdrawInvitation()
  const [inviting, setInviting] = useState(false)
  const [removing, setRemoving] = useState<Member>()
  const [withdrawing, setWithdrawing] = useState<Invitation>()
  const [roleError, setRoleError] = useState<{ username: string; message: string }>()

  const changeRole = (member: Member, role: Role) => {
    setRoleError(undefined)
    updateRole.mutate(
      { id: member.id, role },
      {
        onSuccess: () => toast.success(`${member.username} is now ${roleLabels[role].toLowerCase()}`),
        onError: (error) => setRoleError({ username: member.username, message: serverErrorMessage(error) }),
      },
    )
  }

  const invitations = members.data?.invitations ?? []

  return (
    <section aria-labelledby="team-heading" className="flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id="team-heading" className="text-lg font-semibold">
            Team
          </h2>
          <p className="text-sm text-muted-foreground">
            Everyone who can sign in to this account, and what their role lets them do. Invite people by e-mail; each chooses their own
            username and password.
          </p>
        </div>
        {canWrite ? (
          <Button onClick={() => setInviting(true)}>
            <MailPlus aria-hidden="true" />
            Invite member
          </Button>
        ) : (
          <p className="text-xs text-muted-foreground" title={denied('members')}>
            Owners and admins manage the team.
          </p>
        )}
      </div>
      {roleError && (
        <Alert variant="destructive" role="alert">
          <CircleAlert aria-hidden="true" />
          <span className="min-w-0 break-words">
            Could not change the role of {roleError.username}: {roleError.message}
          </span>
        </Alert>
      )}
      <DataTable
        cards
        caption="Members"
        columns={memberColumns({
          viewerRole,
          canWrite,
          pendingId: updateRole.isPending ? updateRole.variables?.id : undefined,
          onRoleChange: changeRole,
          onRemove: setRemoving,
        })}
        rows={members.data?.members}
        getRowKey={(m) => m.id}
        isLoading={members.isPending}
        error={members.error}
        onRetry={() => void members.refetch()}
        empty={<EmptyState icon={Users} title="No members" description="Nobody can sign in to this account yet." />}
      />
      {members.data && (
        <div className="mt-3 flex min-w-0 flex-col gap-3">
          <div className="min-w-0">
            <h3 className="text-base font-semibold">Invitations</h3>
            <p className="text-sm text-muted-foreground">Links sent but not used yet. A link works for 7 days; invite the address again for a new one.</p>
          </div>
          {invitations.length === 0 ? (
            <p className="rounded-lg border border-dashed border-border px-4 py-3 text-sm text-muted-foreground">No open invitations.</p>
          ) : (
            <DataTable
              cards
              caption="Invitations"
              columns={invitationColumns(canWrite, setWithdrawing)}
              rows={invitations}
              getRowKey={(i) => i.id}
              empty={null}
            />
          )}
        </div>
      )}
      <details className="text-sm text-muted-foreground">
        <summary className="cursor-pointer select-none">What each role may do</summary>
        <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
          {(Object.keys(roleDescriptions) as Role[]).map((role) => (
            <div key={role} className="contents">
              <dt className="font-medium text-foreground">{roleLabels[role]}</dt>
              <dd className="mb-1 sm:mb-0">{roleDescriptions[role]}</dd>
            </div>
          ))}
        </dl>
      </details>
      {canWrite && <InviteMemberDialog open={inviting} onOpenChange={setInviting} roles={assignableRoles(viewerRole)} />}
      <ConfirmDialog
        open={removing !== undefined}
        onOpenChange={(open) => {
          if (!open) {
            setRemoving(undefined)
            remove.reset()
          }
        }}
        title="Remove this member?"
        description={
          <>
            {removing?.username} ({roleLabel(removing?.role).toLowerCase()}) is signed out everywhere and can no longer sign in to this
            account.
          </>
        }
        confirmLabel="Remove member"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (!removing) return
          remove.mutate(removing.id, {
            onSuccess: () => {
              toast.success(`${removing.username} removed`)
              setRemoving(undefined)
              remove.reset()
            },
          })
        }}
      />
      <ConfirmDialog
        open={withdrawing !== undefined}
        onOpenChange={(open) => {
          if (!open) {
            setWithdrawing(undefined)
            withdraw.reset()
          }
        }}
        title="Withdraw this invitation?"
        description={<>The link sent to {withdrawing?.email} stops working at once.</>}
        confirmLabel="Withdraw invitation"
        pending={withdraw.isPending}
        error={withdraw.error}
        onConfirm={() => {
          if (!withdrawing) return
          withdraw.mutate(withdrawing.id, {
            onSuccess: () => {
              toast.success(`Invitation of ${withdrawing.email} withdrawn`)
              setWithdrawing(undefined)
              withdraw.reset()
            },
          })
        }}
      />
    </section>
  )
}
