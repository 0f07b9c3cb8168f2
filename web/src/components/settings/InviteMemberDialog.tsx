import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { toast } from 'sonner'
import { z } from 'zod'
import { useInviteMember, type InvitationCreated, type Role } from '@/api/members'
import { FormField } from '@/components/shared/FormField'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { applyServerErrors } from '@/lib/serverErrors'
import { roleDescriptions, roleLabels } from '@/lib/roles'
import { cn } from '@/lib/utils'
import { InvitationLinkReveal } from './InvitationLinkReveal'

const inviteSchema = z.object({
  email: z.string().trim().min(1, 'Enter the e-mail address to invite').email('Enter an e-mail address, e.g. name@example.com'),
  role: z.enum(['owner', 'admin', 'manager', 'analyst']),
})
type InviteValues = z.infer<typeof inviteSchema>

function InviteForm({ roles, onCancel, onCreated }: { roles: readonly Role[]; onCancel: () => void; onCreated: (created: InvitationCreated) => void }) {
  const invite = useInviteMember()
  const form = useForm<InviteValues>({ resolver: zodResolver(inviteSchema), defaultValues: { email: '', role: 'analyst' } })
  const {
    register,
    watch,
    formState: { errors, isSubmitting },
  } = form
  const current = watch('role')
  const [failure, setFailure] = useState<string>()

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      const created = await invite.mutateAsync({ email: values.email.trim(), role: values.role })
      toast.success(`Invitation for ${created.invitation.email} created`)
      onCreated(created)
    } catch (error) {
      const outcome = applyServerErrors(form, error, { email: 'email', role: 'role' })
      if (!outcome.field) setFailure(outcome.message)
    }
  })

  return (
    <form noValidate onSubmit={submit} aria-label="Invite member" className="flex min-h-0 flex-1 flex-col">
      <DialogBody className="flex flex-col gap-5">
        {failure && (
          <Alert variant="destructive" role="alert">
            <CircleAlert aria-hidden="true" />
            <span className="min-w-0 break-words">{failure}</span>
          </Alert>
        )}
        <FormField label="E-mail address" required error={errors.email?.message}>
          {(p) => <Input {...p} type="email" autoComplete="off" placeholder="colleague@example.com" {...register('email')} />}
        </FormField>
        <fieldset className="flex min-w-0 flex-col gap-2">
          <legend className="mb-2 text-sm font-medium">Role</legend>
          {roles.map((role) => (
            <label
              key={role}
              className={cn(
                'flex cursor-pointer items-start gap-3 rounded-lg border border-border p-3 transition-colors hover:bg-muted/60',
                'has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring',
                current === role && 'border-primary bg-accent/60',
              )}
            >
              <input type="radio" value={role} className="mt-1 accent-primary" {...register('role')} />
              <span className="flex min-w-0 flex-col gap-0.5">
                <span className="text-sm font-medium">{roleLabels[role]}</span>
                <span className="text-xs text-muted-foreground">{roleDescriptions[role]}</span>
              </span>
            </label>
          ))}
          {errors.role && <p className="text-xs text-destructive">{errors.role.message}</p>}
        </fieldset>
      </DialogBody>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          Create invitation
        </Button>
      </DialogFooter>
    </form>
  )
}

/**
 * Invite someone by e-mail. After inviting, the dialog shows the link in full, this once;
 * closing it forgets the link.
 */
export function InviteMemberDialog({ open, onOpenChange, roles }: { open: boolean; onOpenChange: (open: boolean) => void; roles: readonly Role[] }) {
  const [created, setCreated] = useState<InvitationCreated>()
  const close = (next: boolean) => {
    if (!next) setCreated(undefined)
    onOpenChange(next)
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        layout="sections"
        className="max-h-[92dvh] max-w-xl"
        // The link is shown once: a stray click outside must not lose it.
        onInteractOutside={(event) => created && event.preventDefault()}
      >
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Invitation created</DialogTitle>
              <DialogDescription className="break-words">
                {created.invitation.email} is invited as {roleLabels[created.invitation.role as Role]?.toLowerCase() ?? created.invitation.role}.
              </DialogDescription>
            </DialogHeader>
            <DialogBody>
              <InvitationLinkReveal created={created} />
            </DialogBody>
            <DialogFooter>
              <Button onClick={() => close(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Invite member</DialogTitle>
              <DialogDescription>They get a link to choose a username and password and join this account with the role you pick.</DialogDescription>
            </DialogHeader>
            {open && <InviteForm roles={roles} onCancel={() => close(false)} onCreated={setCreated} />}
          </>
        )}
      </DialogContent>
    </Dialog>
  )
}
