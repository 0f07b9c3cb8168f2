import { KeyRound } from 'lucide-react'
import { CopyButton } from '@/components/shared/CopyButton'
import { Alert } from '@/components/ui/alert'

/** A signing secret in full, shown this once, with a copy button and a plain warning. */
export function SecretReveal({ secret, rotated = false }: { secret: string; rotated?: boolean }) {
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-col gap-1.5">
        <span id="webhook-secret-label" className="text-sm font-medium">
          Signing secret
        </span>
        <div className="flex min-w-0 items-center gap-2 rounded-md border border-border bg-muted px-3 py-2">
          <code aria-labelledby="webhook-secret-label" data-testid="webhook-secret" className="min-w-0 flex-1 font-mono text-xs break-all select-all">
            {secret}
          </code>
          <CopyButton value={secret} label="Copy signing secret" />
        </div>
      </div>
      <Alert variant="warning" role="note">
        <KeyRound aria-hidden="true" />
        <div className="flex flex-col gap-1">
          <p className="font-medium">Copy it now: you won't see it again.</p>
          <p>
            Keep it with the receiver, which uses it to check that each request comes from CallCenter Pro.
            {rotated
              ? ' The previous secret keeps signing as a second signature for 24 hours, so switch the receiver over within that time.'
              : ' If it is lost, rotate the secret on the endpoint page to get a new one.'}
          </p>
        </div>
      </Alert>
    </div>
  )
}
