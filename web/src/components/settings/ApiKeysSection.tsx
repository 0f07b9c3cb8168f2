import { KeyRound, Plus, ShieldCheck } from 'lucide-react'
import { useState, type ReactNode } from 'react'
import { toast } from 'sonner'
import { useApiKeys, useRevokeApiKey, type ApiKey } from '@/api/apiKeys'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { usePermissions } from '@/hooks/usePermissions'
import { formatDateTime, formatRelativeTime, formatShortDateTime } from '@/lib/format'
import { cn } from '@/lib/utils'
import { groupScopes } from './apiKeyForm'
import { CreateApiKeyDialog } from './CreateApiKeyDialog'

const STATUS_LABELS: Record<string, string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' }

/** Revoked and expired keys stay listed, greyed. */
function Dim({ apiKey, children }: { apiKey: ApiKey; children: ReactNode }) {
  return <div className={cn('min-w-0', apiKey.status !== 'active' && 'text-muted-foreground opacity-70')}>{children}</div>
}

/** Where the key may be used from; each address kept whole on its line. */
function AllowedAddresses({ addresses }: { addresses: readonly string[] }) {
  if (addresses.length === 0) return <span className="text-xs text-muted-foreground">From any address</span>
  return (
    <span className="text-xs text-muted-foreground">
      From{' '}
      {addresses.map((address, index) => (
        <span key={address}>
          <span className="whitespace-nowrap">{address}</span>
          {index < addresses.length - 1 && ', '}
        </span>
      ))}
    </span>
  )
}

function ScopeChips({ scopes }: { scopes: readonly string[] }) {
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Scopes">
      {groupScopes(scopes).map(({ family, level }) => (
        <li key={family}>
          <Badge variant={level === 'write' ? 'info' : 'neutral'} className="px-1.5 font-mono text-[11px] font-normal">
            {family}: {level}
          </Badge>
        </li>
      ))}
    </ul>
  )
}

function columns(onRevoke: (key: ApiKey) => void): Column<ApiKey>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      className: 'min-w-36 max-w-56 whitespace-normal',
      cell: (k) => (
        <Dim apiKey={k}>
          <div className="flex min-w-0 flex-col">
            <span className="font-medium break-words">{k.name}</span>
            <code className="text-xs text-muted-foreground">{k.prefix}…</code>
            <AllowedAddresses addresses={k.allowedIps} />
          </div>
        </Dim>
      ),
    },
    {
      id: 'scopes',
      header: 'Scopes',
      className: 'min-w-40 max-w-72 whitespace-normal',
      cell: (k) => (
        <Dim apiKey={k}>
          <ScopeChips scopes={k.scopes} />
        </Dim>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      cell: (k) => (
        <div className="flex flex-col items-start gap-1">
          <StatusBadge status={k.status} label={STATUS_LABELS[k.status] ?? k.status} />
          {k.status === 'revoked' && k.revokedAt && (
            <span className="text-xs text-muted-foreground" title={formatDateTime(k.revokedAt)}>
              {formatShortDateTime(k.revokedAt)}
            </span>
          )}
        </div>
      ),
    },
    {
      id: 'created',
      header: 'Created',
      cell: (k) => (
        <Dim apiKey={k}>
          <span title={formatDateTime(k.createdAt)}>{formatShortDateTime(k.createdAt)}</span>
        </Dim>
      ),
    },
    {
      id: 'lastUsed',
      header: 'Last used',
      cell: (k) => (
        <Dim apiKey={k}>
          {k.lastUsedAt ? (
            <div className="flex flex-col">
              <span title={formatDateTime(k.lastUsedAt)}>{formatRelativeTime(k.lastUsedAt)}</span>
              {k.lastUsedIp && <span className="text-xs text-muted-foreground break-all">from {k.lastUsedIp}</span>}
            </div>
          ) : (
            'Never'
          )}
        </Dim>
      ),
    },
    {
      id: 'expires',
      header: 'Expires',
      className: 'min-w-24 whitespace-normal',
      cell: (k) => (
        <Dim apiKey={k}>
          {k.expiresAt ? (
            <span title={formatDateTime(k.expiresAt)}>{formatShortDateTime(k.expiresAt)}</span>
          ) : (
            'Never'
          )}
        </Dim>
      ),
    },
    {
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      cardLabel: 'Actions',
      align: 'right',
      cell: (k) =>
        k.status === 'active' ? (
          <Button variant="outline" size="sm" aria-label={`Revoke ${k.name}`} onClick={() => onRevoke(k)}>
            Revoke
          </Button>
        ) : null,
    },
  ]
}

/** The account's API keys for owners and admins; a plain sentence for the other roles (the server refuses them even the list). */
export function ApiKeysSection() {
  const { canWrite, role } = usePermissions()
  if (canWrite('apiKeys')) return <ApiKeysManager />
  return (
    <section aria-labelledby="api-keys-heading" className="flex min-w-0 flex-col gap-3">
      <h2 id="api-keys-heading" className="text-lg font-semibold">
        API keys
      </h2>
      <Card className="flex items-start gap-3 px-5 py-6">
        <ShieldCheck className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
        <p className="text-sm text-muted-foreground">
          API keys are managed by the account's owners and admins. Your role ({role}) cannot see or create them; ask an owner or admin if
          a tool of yours needs one.
        </p>
      </Card>
    </section>
  )
}

/** The account's API keys, newest first, with Create API key and Revoke. */
function ApiKeysManager() {
  const keys = useApiKeys()
  const revoke = useRevokeApiKey()
  const [creating, setCreating] = useState(false)
  const [revoking, setRevoking] = useState<ApiKey>()

  return (
    <section aria-labelledby="api-keys-heading" className="flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id="api-keys-heading" className="text-lg font-semibold">
            API keys
          </h2>
          <p className="text-sm text-muted-foreground">
            Keys let your own scripts and tools call the API with <code className="text-xs">Authorization: Bearer cc_live_…</code>, limited to
            their scopes. A key cannot change settings or sign in.
          </p>
        </div>
        <Button onClick={() => setCreating(true)}>
          <Plus aria-hidden="true" />
          Create API key
        </Button>
      </div>
      <DataTable
        cards
        caption="API keys"
        columns={columns(setRevoking)}
        rows={keys.data}
        getRowKey={(k) => k.id}
        isLoading={keys.isPending}
        error={keys.error}
        onRetry={() => void keys.refetch()}
        empty={
          <EmptyState
            icon={KeyRound}
            title="No API keys yet"
            description="Create a key for each tool that calls the API, with only the scopes it needs."
            action={
              <Button size="sm" onClick={() => setCreating(true)}>
                <Plus aria-hidden="true" />
                Create API key
              </Button>
            }
          />
        }
      />
      <CreateApiKeyDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={revoking !== undefined}
        onOpenChange={(open) => {
          if (!open) {
            setRevoking(undefined)
            revoke.reset()
          }
        }}
        title="Revoke this API key?"
        description={
          <>
            “{revoking?.name}” (<code>{revoking?.prefix}…</code>) stops working at once: every request made with it is refused. This cannot be
            undone.
          </>
        }
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => {
          if (!revoking) return
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              toast.success(`“${revoking.name}” revoked`)
              setRevoking(undefined)
              revoke.reset()
            },
          })
        }}
      />
    </section>
  )
}
