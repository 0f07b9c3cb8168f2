import { CircleAlert, Network } from 'lucide-react'
import { useId, useState } from 'react'
import { toast } from 'sonner'
import { useCurrentUser } from '@/api/auth'
import { isApiError } from '@/api/client'
import { useAccountSecurity, useUpdateAccountSecurity } from '@/api/twoFactor'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Label } from '@/components/ui/label'
import { Skeleton } from '@/components/ui/skeleton'
import { Textarea } from '@/components/ui/textarea'
import { pluralize } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'

/** The server's limit on the list's length. */
export const MAX_ALLOWED_ADDRESSES = 20

/** One address or CIDR a line (commas and spaces also separate), blanks dropped. */
export function parseAddressList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
}

/** A refused save, in the server's words; a 422's reason is put on the field by name. */
function saveErrorMessage(error: unknown): string {
  if (isApiError(error) && error.status === 422 && typeof error.details?.reason === 'string') {
    return `Allowed addresses: ${error.details.reason}`
  }
  return serverErrorMessage(error)
}

/**
 * Settings → Security: the addresses (or CIDRs) every member and API key of the account may use
 * the app and the API from. Owners edit the list, one entry a line; the other roles read it.
 */
export function AllowedAddressesCard() {
  const isOwner = useCurrentUser().data?.role === 'owner'
  const security = useAccountSecurity()
  const update = useUpdateAccountSecurity()
  const id = useId()
  const saved = security.data?.allowedIps ?? []
  // Undefined until the owner types: the textarea shows the saved list.
  const [draft, setDraft] = useState<string>()
  const text = draft ?? saved.join('\n')
  const entries = parseAddressList(text)
  const changed = entries.join('\n') !== saved.join('\n')

  function save() {
    update.mutate(
      { allowedIps: entries },
      {
        onSuccess: (result) => {
          setDraft(undefined)
          toast.success(
            result.allowedIps.length === 0
              ? 'Any address may now use your account'
              : `Your account may now be used from ${pluralize(result.allowedIps.length, 'address', 'addresses')} only`,
          )
        },
      },
    )
  }

  return (
    <Card className="flex min-w-0 flex-col gap-3 p-5" role="region" aria-labelledby={`${id}-heading`} data-testid="allowed-addresses-card">
      <div className="flex min-w-0 items-start gap-3">
        <Network className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <h3 id={`${id}-heading`} className="font-semibold">
            Allowed addresses
          </h3>
          <p id={`${id}-hint`} className="text-sm text-muted-foreground">
            When the list has entries, members and API keys can only use the app and the API from these addresses. An empty list allows any address.
          </p>
          {security.isPending ? (
            <Skeleton className="mt-1 h-24 w-full" />
          ) : security.isError ? (
            <QueryErrorAlert title="The allowed addresses could not be loaded." error={security.error} onRetry={() => void security.refetch()} />
          ) : isOwner ? (
            <form
              className="mt-2 flex min-w-0 flex-col gap-2"
              onSubmit={(event) => {
                event.preventDefault()
                save()
              }}
            >
              <Label htmlFor={`${id}-list`}>Addresses or CIDRs, one a line</Label>
              <Textarea
                id={`${id}-list`}
                value={text}
                rows={Math.min(Math.max(entries.length + 1, 4), 10)}
                spellCheck={false}
                autoCapitalize="off"
                autoCorrect="off"
                placeholder={'203.0.113.7\n203.0.113.0/24\n2001:db8::/32'}
                className="max-w-md font-mono"
                aria-describedby={`${id}-count ${id}-hint`}
                aria-invalid={update.isError ? true : undefined}
                aria-errormessage={update.isError ? `${id}-error` : undefined}
                onChange={(event) => {
                  setDraft(event.target.value)
                  if (update.isError) update.reset()
                }}
              />
              <p id={`${id}-count`} className="text-xs text-muted-foreground">
                {entries.length === 0 ? 'Empty: any address' : pluralize(entries.length, 'entry', 'entries')}, at most{' '}
                {MAX_ALLOWED_ADDRESSES}.
              </p>
              {update.isError && (
                <Alert variant="destructive" role="alert" id={`${id}-error`}>
                  <CircleAlert aria-hidden="true" />
                  <span>{saveErrorMessage(update.error)}</span>
                </Alert>
              )}
              <div className="flex flex-wrap gap-2">
                <Button type="submit" disabled={!changed || update.isPending}>
                  {update.isPending ? 'Saving…' : 'Save'}
                </Button>
                {draft !== undefined && changed && (
                  <Button
                    type="button"
                    variant="outline"
                    disabled={update.isPending}
                    onClick={() => {
                      setDraft(undefined)
                      update.reset()
                    }}
                  >
                    Cancel
                  </Button>
                )}
              </div>
            </form>
          ) : (
            <div className="mt-1 flex min-w-0 flex-col gap-1 text-sm" data-testid="allowed-addresses-readonly">
              {saved.length === 0 ? (
                <p>Any address</p>
              ) : (
                <ul aria-label="Allowed addresses" className="flex flex-col gap-0.5">
                  {saved.map((address) => (
                    <li key={address} className="font-mono text-xs break-all">
                      {address}
                    </li>
                  ))}
                </ul>
              )}
              <p className="text-muted-foreground">Only an owner can change this.</p>
            </div>
          )}
        </div>
      </div>
    </Card>
  )
}
