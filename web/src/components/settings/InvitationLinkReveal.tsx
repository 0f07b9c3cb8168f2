import { Link2, MailCheck, MailX } from 'lucide-react'
import type { InvitationCreated } from '@/api/members'
import { CopyButton } from '@/components/shared/CopyButton'
import { Alert } from '@/components/ui/alert'
import { formatDateTime } from '@/lib/format'
import { roleLabel } from '@/lib/roles'

/** A new invitation's link, shown this once with a copy button, and whether it was e-mailed. */
export function InvitationLinkReveal({ created }: { created: InvitationCreated }) {
  const { invitation } = created
  return (
    <div className="flex min-w-0 flex-col gap-4">
      <div className="flex min-w-0 flex-col gap-1.5">
        <span id="invitation-link-label" className="text-sm font-medium">
          Invitation link
        </span>
        <div className="flex min-w-0 items-center gap-2 rounded-md border border-border bg-muted px-3 py-2">
          <code aria-labelledby="invitation-link-label" data-testid="invitation-link" className="min-w-0 flex-1 font-mono text-xs break-all select-all">
            {created.link}
          </code>
          <CopyButton value={created.link} label="Copy invitation link" />
        </div>
        <p className="text-xs text-muted-foreground">
          Whoever opens it before {formatDateTime(invitation.expiresAt)} can join as {roleLabel(invitation.role).toLowerCase()}.
        </p>
      </div>
      {created.emailed ? (
        <Alert variant="success" role="status">
          <MailCheck aria-hidden="true" />
          <p className="min-w-0 break-words">
            The link was e-mailed to <span className="font-medium">{invitation.email}</span>.
          </p>
        </Alert>
      ) : (
        <Alert variant="warning" role="status">
          <MailX aria-hidden="true" />
          <div className="flex min-w-0 flex-col gap-1">
            <p className="font-medium break-words">The link was not e-mailed: send it to {invitation.email} yourself.</p>
            {created.emailError && <p className="break-words">{created.emailError}</p>}
          </div>
        </Alert>
      )}
      <Alert variant="warning" role="note">
        <Link2 aria-hidden="true" />
        <div className="flex flex-col gap-1">
          <p className="font-medium">Copy it now: it will not be shown again.</p>
          <p>If it is lost, invite the same address again: that replaces this link with a new one.</p>
        </div>
      </Alert>
    </div>
  )
}
