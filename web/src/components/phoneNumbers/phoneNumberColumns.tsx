import { History, Trash2, Workflow } from 'lucide-react'
import { Link } from 'react-router'
import type { PhoneNumber } from '@/api/types'
import { CopyButton } from '@/components/shared/CopyButton'
import type { Column } from '@/components/shared/DataTable'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { formatPercent, formatPhone, pluralize } from '@/lib/format'
import { numberTypeLabels } from '@/lib/labels'

const none = <span className="text-muted-foreground">—</span>

export function phoneNumberColumns({
  onHistory,
  onCallFlow,
  onDelete,
  canWrite = true,
}: {
  onHistory: (n: PhoneNumber) => void
  onCallFlow: (n: PhoneNumber) => void
  onDelete: (n: PhoneNumber) => void
  /** False for a role that may not change numbers: History only. */
  canWrite?: boolean
}): Column<PhoneNumber>[] {
  return [
    {
      id: 'number',
      header: 'Number',
      sortKey: 'phoneNumber',
      cell: (n) => (
        <div className="flex flex-col">
          <span className="font-medium tabular-nums">{formatPhone(n.phoneNumber)}</span>
          {n.friendlyName && <span className="text-xs text-muted-foreground">{n.friendlyName}</span>}
        </div>
      ),
    },
    { id: 'country', header: 'Country', className: 'hidden md:table-cell', cell: (n) => n.country },
    { id: 'type', header: 'Type', sortKey: 'type', cell: (n) => numberTypeLabels[n.type] ?? n.type },
    { id: 'status', header: 'Status', sortKey: 'status', cell: (n) => <StatusBadge status={n.status} /> },
    {
      id: 'campaign',
      header: 'Campaign',
      cell: (n) =>
        n.campaignId ? (
          <Link to={`/campaigns/${encodeURIComponent(n.campaignId)}`} className="hover:text-primary hover:underline">
            {n.campaignName ?? 'Campaign'}
          </Link>
        ) : (
          <span className="text-muted-foreground">Unassigned</span>
        ),
    },
    {
      id: 'callFlow',
      header: 'Call flow',
      cell: (n) =>
        n.callFlowId != null ? (
          <Link to={`/call-flows/${n.callFlowId}`} className="hover:text-primary hover:underline" title="Runs in place of the campaign's flow">
            {n.callFlowName ?? `Call flow #${n.callFlowId}`}
          </Link>
        ) : (
          <span className="text-muted-foreground">Campaign&apos;s</span>
        ),
    },
    {
      id: 'pool',
      header: 'Pool',
      className: 'hidden md:table-cell',
      cell: (n) =>
        n.poolId != null ? (
          <Link to={`/pools/${n.poolId}`} className="hover:text-primary hover:underline">
            {n.poolName ?? 'Pool'}
          </Link>
        ) : (
          none
        ),
    },
    {
      id: 'webhook',
      header: 'Webhook URL',
      className: 'hidden xl:table-cell',
      cell: (n) =>
        n.webhookUrl ? (
          <div className="flex max-w-52 items-center gap-1">
            <code className="truncate rounded bg-muted px-1.5 py-0.5 text-xs" title={n.webhookUrl}>
              {n.webhookUrl}
            </code>
            <CopyButton value={n.webhookUrl} label={`Copy webhook URL of ${formatPhone(n.phoneNumber)}`} />
          </div>
        ) : (
          none
        ),
    },
    {
      id: 'usage',
      header: 'Usage',
      sortKey: 'totalCalls',
      align: 'right',
      cell: (n) => (
        <div className="flex flex-col items-end">
          <span>{pluralize(n.totalCalls, 'call')}</span>
          <span className="text-xs text-muted-foreground">{formatPercent(n.successRate)} success</span>
        </div>
      ),
    },
    {
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      align: 'right',
      cell: (n) => (
        <div className="flex justify-end gap-1">
          <Button variant="ghost" size="icon" className="size-8" aria-label={`History of ${formatPhone(n.phoneNumber)}`} title="History" onClick={() => onHistory(n)}>
            <History aria-hidden="true" />
          </Button>
          {canWrite && (
            <>
              <Button variant="ghost" size="icon" className="size-8" aria-label={`Call flow of ${formatPhone(n.phoneNumber)}`} title="Call flow" onClick={() => onCallFlow(n)}>
                <Workflow aria-hidden="true" />
              </Button>
              <Button
                variant="ghost"
                size="icon"
                className="size-8 text-destructive hover:text-destructive"
                aria-label={`Delete ${formatPhone(n.phoneNumber)}`}
                title="Delete"
                onClick={() => onDelete(n)}
              >
                <Trash2 aria-hidden="true" />
              </Button>
            </>
          )}
        </div>
      ),
    },
  ]
}
