import { KeyRound } from 'lucide-react'
import type { ApiKeyCreated } from '@/api/apiKeys'
import { CopyButton } from '@/components/shared/CopyButton'
import { Alert } from '@/components/ui/alert'
import { exampleEndpoint } from './apiKeyForm'

/** A new API key in full, shown this once, with a copy button, a plain warning and a usage example. */
export function ApiKeyReveal({ created, origin = window.location.origin }: { created: ApiKeyCreated; origin?: string }) {
  const command = `curl -H "Authorization: Bearer ${created.key}" ${origin}${exampleEndpoint(created.scopes)}`
  return (
    <div className="flex min-w-0 flex-col gap-4">
      <div className="flex min-w-0 flex-col gap-1.5">
        <span id="api-key-secret-label" className="text-sm font-medium">
          API key
        </span>
        <div className="flex min-w-0 items-center gap-2 rounded-md border border-border bg-muted px-3 py-2">
          <code aria-labelledby="api-key-secret-label" data-testid="api-key-secret" className="min-w-0 flex-1 font-mono text-xs break-all select-all">
            {created.key}
          </code>
          <CopyButton value={created.key} label="Copy API key" />
        </div>
      </div>
      <Alert variant="warning" role="note">
        <KeyRound aria-hidden="true" />
        <div className="flex flex-col gap-1">
          <p className="font-medium">Copy it now: it will not be shown again.</p>
          <p>
            CallCenter Pro keeps only a fingerprint of the key. If it is lost, revoke it and create a new one.
          </p>
        </div>
      </Alert>
      <div className="flex min-w-0 flex-col gap-1.5">
        <span id="api-key-usage-label" className="text-sm font-medium">
          Try it
        </span>
        <p className="text-xs text-muted-foreground">
          Send the key as a bearer token with each request to the API. It can call the endpoints of its scopes, but not settings or
          sign-in.
        </p>
        <div className="flex min-w-0 items-start gap-2 rounded-md border border-border bg-muted px-3 py-2">
          <code aria-labelledby="api-key-usage-label" className="min-w-0 flex-1 font-mono text-xs break-all whitespace-pre-wrap">
            {command}
          </code>
          <CopyButton value={command} label="Copy example command" />
        </div>
      </div>
    </div>
  )
}
