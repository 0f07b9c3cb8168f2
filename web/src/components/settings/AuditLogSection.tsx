import { ChevronDown, CircleAlert, Download, ScrollText, ShieldAlert, ShieldCheck } from 'lucide-react'
import { Fragment, useState } from 'react'
import { useCurrentUser } from '@/api/auth'
import { AUDIT_PAGE_SIZE, auditExportUrl, useAuditLog, useVerifyAuditLog, type AuditEntry, type AuditFilters } from '@/api/auditLog'
import { useMembers, type Member } from '@/api/members'
import { DateFilter } from '@/components/shared/DateFilter'
import { EmptyState } from '@/components/shared/EmptyState'
import { FilterBar } from '@/components/shared/FilterBar'
import { FilterSelect } from '@/components/shared/FilterSelect'
import { Pagination } from '@/components/shared/Pagination'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { SearchInput } from '@/components/shared/SearchInput'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { useIsPhone } from '@/hooks/useMediaQuery'
import { usePermissions } from '@/hooks/usePermissions'
import { formatDateTime, formatShortDateTime, pluralize } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'
import { cn } from '@/lib/utils'

const NO_FILTERS: AuditFilters = { search: '', from: '', to: '', actor: '' }

function memberName(member: Member): string {
  const name = [member.firstName, member.lastName].filter(Boolean).join(' ')
  return name ? `${name} (@${member.username})` : member.username
}

function StatusBadge({ status }: { status: number }) {
  const variant = status >= 200 && status < 300 ? 'success' : status >= 400 ? 'danger' : 'neutral'
  return <Badge variant={variant}>{status}</Badge>
}

function Time({ at, timeZone }: { at: string; timeZone: string | undefined }) {
  return (
    <span className="whitespace-nowrap" title={formatDateTime(at, timeZone)}>
      {formatShortDateTime(at, timeZone)}
    </span>
  )
}

type JsonObject = Record<string, unknown>

/** The value when it is a JSON object (not an array or a scalar). */
function asObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null
}

/** Top-level keys whose values differ between before and after (none when one side is missing). */
function changedKeys(beforeValue: unknown, afterValue: unknown): Set<string> {
  const before = asObject(beforeValue)
  const after = asObject(afterValue)
  if (!before || !after) return new Set()
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return new Set([...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])))
}

/** An object as pretty JSON, the lines of the `changed` keys highlighted. */
function JsonBlock({ label, value: raw, changed, missing }: { label: string; value: unknown; changed: Set<string>; missing: string }) {
  const value = asObject(raw)
  const keys = value ? Object.keys(value) : []
  return (
    <figure className="flex min-w-0 flex-col gap-1.5">
      <figcaption className="text-xs font-medium text-muted-foreground">{label}</figcaption>
      {raw != null && !value ? (
        <pre
          aria-label={label}
          className="max-h-96 min-w-0 overflow-auto rounded-md border border-border bg-muted/40 p-3 font-mono text-xs leading-5 whitespace-pre-wrap [overflow-wrap:anywhere]"
        >
          {JSON.stringify(raw, null, 2)}
        </pre>
      ) : value ? (
        <pre
          aria-label={label}
          className="max-h-96 min-w-0 overflow-auto rounded-md border border-border bg-muted/40 p-3 font-mono text-xs leading-5 whitespace-pre-wrap [overflow-wrap:anywhere]"
        >
          {'{'}
          {keys.length > 0 && '\n'}
          {keys.map((key, index) => {
            const text = JSON.stringify(value[key], null, 2) ?? 'null'
            const line = `  ${JSON.stringify(key)}: ${text.replace(/\n/g, '\n  ')}${index < keys.length - 1 ? ',' : ''}`
            return changed.has(key) ? (
              <mark key={key} data-changed="true" className="block rounded-sm bg-amber-100 text-foreground dark:bg-amber-900/40">
                {line}
              </mark>
            ) : (
              <span key={key} className="block">
                {line}
              </span>
            )
          })}
          {'}'}
        </pre>
      ) : (
        <p className="rounded-md border border-dashed border-border p-3 text-xs text-muted-foreground">{missing}</p>
      )}
    </figure>
  )
}

/** What an entry changed: before and after side by side (stacked on phones), and its request. */
function EntryDetails({ entry }: { entry: AuditEntry }) {
  const changed = changedKeys(entry.before, entry.after)
  return (
    <div className="flex min-w-0 flex-col gap-3" aria-label={`Changes of entry #${entry.id}`} role="group">
      <div className="grid min-w-0 gap-3 md:grid-cols-2">
        <JsonBlock label="Before" value={entry.before} changed={changed} missing="Nothing before (created, or not readable)." />
        <JsonBlock label="After" value={entry.after} changed={changed} missing="Nothing after (deleted, refused, or no body)." />
      </div>
      {changed.size > 0 && (
        <p className="text-xs text-muted-foreground">
          Changed: <span className="font-mono">{[...changed].join(', ')}</span>
        </p>
      )}
      <dl className="grid min-w-0 gap-x-4 gap-y-1 text-xs text-muted-foreground sm:grid-cols-[auto_1fr]">
        <dt className="font-medium">Request</dt>
        <dd className="min-w-0 font-mono [overflow-wrap:anywhere]">
          {entry.method} {entry.path}
        </dd>
        {entry.userAgent && (
          <>
            <dt className="font-medium">Browser</dt>
            <dd className="min-w-0 [overflow-wrap:anywhere]">{entry.userAgent}</dd>
          </>
        )}
        <dt className="font-medium">Entry</dt>
        <dd className="min-w-0 font-mono [overflow-wrap:anywhere]">
          #{entry.id} · {entry.hash.slice(0, 16)}…
        </dd>
      </dl>
    </div>
  )
}

function ExpandButton({ entry, expanded, onToggle }: { entry: AuditEntry; expanded: boolean; onToggle: () => void }) {
  return (
    <Button
      variant="ghost"
      size="icon"
      className="size-8"
      aria-expanded={expanded}
      aria-label={`${expanded ? 'Hide' : 'Show'} changes of entry #${entry.id}`}
      onClick={onToggle}
    >
      <ChevronDown aria-hidden="true" className={cn('transition-transform', expanded && 'rotate-180')} />
    </Button>
  )
}

interface ListProps {
  entries: AuditEntry[] | undefined
  timeZone: string | undefined
  expanded: number | undefined
  onToggle: (id: number) => void
  dimmed: boolean
}

const COLUMNS = ['Time', 'Actor', 'Action', 'Status', 'Path', 'IP address'] as const

function EntryTable({ entries, timeZone, expanded, onToggle, dimmed }: ListProps) {
  return (
    <Table aria-busy={!entries || dimmed ? true : undefined} className={cn(dimmed && 'opacity-60')}>
      <TableCaption>Audit log</TableCaption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          {COLUMNS.map((name) => (
            <TableHead key={name} scope="col">
              {name}
            </TableHead>
          ))}
          <TableHead scope="col">
            <span className="sr-only">Changes</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {!entries
          ? [0, 1, 2, 3, 4].map((i) => (
              <TableRow key={i} className="hover:bg-transparent">
                {[...COLUMNS, ''].map((name) => (
                  <TableCell key={name}>
                    <Skeleton className="h-4 w-full min-w-12" />
                  </TableCell>
                ))}
              </TableRow>
            ))
          : entries.map((entry) => {
              const open = expanded === entry.id
              return (
                <Fragment key={entry.id}>
                  <TableRow
                    className="cursor-pointer"
                    data-state={open ? 'selected' : undefined}
                    onClick={(event) => {
                      if ((event.target as HTMLElement).closest('button, a') || window.getSelection()?.toString()) return
                      onToggle(entry.id)
                    }}
                  >
                    <TableCell>
                      <Time at={entry.at} timeZone={timeZone} />
                    </TableCell>
                    <TableCell className="max-w-48 truncate" title={entry.actor}>
                      {entry.actor}
                    </TableCell>
                    <TableCell className="font-medium">{entry.action}</TableCell>
                    <TableCell>
                      <StatusBadge status={entry.status} />
                    </TableCell>
                    <TableCell className="max-w-72 truncate font-mono text-xs" title={`${entry.method} ${entry.path}`}>
                      {entry.path}
                    </TableCell>
                    <TableCell className="font-mono text-xs">{entry.ipAddress ?? <span className="text-muted-foreground">—</span>}</TableCell>
                    <TableCell className="w-10 text-right">
                      <ExpandButton entry={entry} expanded={open} onToggle={() => onToggle(entry.id)} />
                    </TableCell>
                  </TableRow>
                  {open && (
                    <TableRow className="bg-muted/20 hover:bg-muted/20">
                      <TableCell colSpan={COLUMNS.length + 1} className="max-w-0 whitespace-normal">
                        <EntryDetails entry={entry} />
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              )
            })}
      </TableBody>
    </Table>
  )
}

function EntryCards({ entries, timeZone, expanded, onToggle, dimmed }: ListProps) {
  if (!entries) {
    return (
      <div aria-busy="true" className="flex flex-col gap-3 p-4">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-20 w-full" />
        ))}
      </div>
    )
  }
  return (
    <ul aria-label="Audit log" className={cn('divide-y divide-border', dimmed && 'opacity-60')}>
      {entries.map((entry) => {
        const open = expanded === entry.id
        return (
          <li key={entry.id} className="flex min-w-0 flex-col gap-2 p-4">
            <div className="flex items-start justify-between gap-3">
              <div className="flex min-w-0 flex-col gap-0.5">
                <span className="font-medium break-words">{entry.action}</span>
                <span className="text-xs text-muted-foreground">
                  <Time at={entry.at} timeZone={timeZone} /> · <span className="[overflow-wrap:anywhere]">{entry.actor}</span>
                </span>
              </div>
              <div className="flex shrink-0 items-center gap-1">
                <StatusBadge status={entry.status} />
                <ExpandButton entry={entry} expanded={open} onToggle={() => onToggle(entry.id)} />
              </div>
            </div>
            <p className="min-w-0 font-mono text-xs [overflow-wrap:anywhere] text-muted-foreground">
              {entry.method} {entry.path}
              {entry.ipAddress && <> · {entry.ipAddress}</>}
            </p>
            {open && <EntryDetails entry={entry} />}
          </li>
        )
      })}
    </ul>
  )
}

/** "Check integrity": the server re-walks the hash chain. */
function IntegrityCheck() {
  const verify = useVerifyAuditLog()
  const result = verify.data
  return (
    <div className="flex min-w-0 flex-col gap-2">
      <div>
        <Button variant="outline" onClick={() => verify.mutate()} disabled={verify.isPending}>
          <ShieldCheck aria-hidden="true" />
          {verify.isPending ? 'Checking…' : 'Check integrity'}
        </Button>
      </div>
      {result && !verify.isPending && (
        <Alert variant={result.valid ? 'success' : 'destructive'} role="status">
          {result.valid ? <ShieldCheck aria-hidden="true" /> : <ShieldAlert aria-hidden="true" />}
          <span className="min-w-0 break-words">
            {result.valid
              ? `All ${pluralize(result.checked, 'entry', 'entries')} intact`
              : result.firstBrokenId != null
                ? `Entry #${result.firstBrokenId} was changed or an entry before it removed`
                : 'The chain of entries is broken'}
          </span>
        </Alert>
      )}
      {verify.error && (
        <Alert variant="destructive" role="alert">
          <CircleAlert aria-hidden="true" />
          <span className="min-w-0 break-words">The check could not run: {serverErrorMessage(verify.error)}</span>
        </Alert>
      )}
    </div>
  )
}

function AuditLog({ timeZone }: { timeZone: string | undefined }) {
  const phone = useIsPhone()
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS)
  const [page, setPage] = useState(1)
  const [expanded, setExpanded] = useState<number>()
  const log = useAuditLog(filters, (page - 1) * AUDIT_PAGE_SIZE)
  const members = useMembers()

  const setFilter = (key: keyof AuditFilters, value: string) => {
    setFilters((current) => ({ ...current, [key]: value }))
    setPage(1)
    setExpanded(undefined)
  }
  const clearFilters = () => {
    setFilters(NO_FILTERS)
    setPage(1)
    setExpanded(undefined)
  }
  const activeCount = Object.values(filters).filter(Boolean).length
  const entries = log.data?.items
  const toggle = (id: number) => setExpanded((current) => (current === id ? undefined : id))

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <IntegrityCheck />
        <Button variant="outline" asChild>
          <a href={auditExportUrl(filters)} download>
            <Download aria-hidden="true" />
            Export CSV
          </a>
        </Button>
      </div>
      <FilterBar label="Audit log filters" hasFilters={activeCount > 0} activeCount={activeCount} onClear={clearFilters}>
        <SearchInput label="Search" placeholder="Action, path or member" value={filters.search} onChange={(v) => setFilter('search', v)} />
        <DateFilter label="From" value={filters.from} max={filters.to || undefined} onChange={(v) => setFilter('from', v)} />
        <DateFilter label="To" value={filters.to} min={filters.from || undefined} onChange={(v) => setFilter('to', v)} />
        <FilterSelect
          label="Member"
          allLabel="Everyone"
          className="w-48"
          value={filters.actor}
          onChange={(v) => setFilter('actor', v)}
          options={(members.data?.members ?? []).map((m) => ({ value: String(m.id), label: memberName(m) }))}
        />
      </FilterBar>
      {log.error && !log.data ? (
        <QueryErrorAlert title="The audit log could not be loaded." error={log.error} onRetry={() => void log.refetch()} />
      ) : entries && entries.length === 0 ? (
        <Card>
          <EmptyState
            icon={ScrollText}
            title={activeCount > 0 ? 'No entries match' : 'No entries yet'}
            description={activeCount > 0 ? 'Try other filters.' : 'Changes made in this account will be listed here.'}
          />
        </Card>
      ) : (
        <Card className="overflow-hidden">
          {phone ? (
            <EntryCards entries={entries} timeZone={timeZone} expanded={expanded} onToggle={toggle} dimmed={log.isPlaceholderData} />
          ) : (
            <EntryTable entries={entries} timeZone={timeZone} expanded={expanded} onToggle={toggle} dimmed={log.isPlaceholderData} />
          )}
          {log.data && (
            <Pagination
              page={page}
              pageSize={AUDIT_PAGE_SIZE}
              total={log.data.total}
              noun="entries"
              onPageChange={(next) => {
                setPage(next)
                setExpanded(undefined)
              }}
            />
          )}
        </Card>
      )}
    </>
  )
}

/** Settings → Audit log: who changed what and when, for owners and admins. */
export function AuditLogSection() {
  const user = useCurrentUser()
  const { canWrite } = usePermissions()
  const allowed = user.data !== undefined && canWrite('apiKeys')
  return (
    <section aria-labelledby="audit-log-heading" className="flex min-w-0 flex-col gap-3">
      <div className="min-w-0">
        <h2 id="audit-log-heading" className="text-lg font-semibold">
          Audit log
        </h2>
        <p className="text-sm text-muted-foreground">
          Every change made in this account, by whom, from where, and what it changed. Entries cannot be edited: each is chained to the one
          before, so the integrity check finds any that was altered or removed.
        </p>
      </div>
      {user.data === undefined ? (
        <Skeleton className="h-40 w-full" />
      ) : allowed ? (
        <AuditLog timeZone={user.data.timeZone ?? undefined} />
      ) : (
        <Card className="px-5 py-6">
          <p className="text-sm text-muted-foreground">The audit log is for owners and admins of the account.</p>
        </Card>
      )}
    </section>
  )
}
