import { Link } from 'react-router'
import type { CampaignSummary } from '@/api/types'
import type { Column } from '@/components/shared/DataTable'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Badge } from '@/components/ui/badge'
import { formatCount, formatMoney, formatPercent, formatPhone } from '@/lib/format'
import { campaignTypeLabels, labelOf } from '@/lib/labels'
import { CampaignRowActions } from './CampaignRowActions'

/** The columns of the campaign list (sort keys are the API's `sort` names). */
export function campaignColumns(onDelete: (c: CampaignSummary) => void): Column<CampaignSummary>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      sortKey: 'name',
      cell: (c) => (
        <Link to={`/campaigns/${encodeURIComponent(c.id)}`} className="font-medium text-foreground hover:text-primary hover:underline">
          {c.name}
        </Link>
      ),
    },
    { id: 'type', header: 'Type', sortKey: 'type', cell: (c) => <Badge variant="info">{labelOf(campaignTypeLabels, c.type)}</Badge> },
    { id: 'status', header: 'Status', sortKey: 'status', cell: (c) => <StatusBadge status={c.status} /> },
    {
      id: 'phoneNumber',
      header: 'Phone Number',
      className: 'hidden md:table-cell',
      cell: (c) => (c.phoneNumber ? <span className="whitespace-nowrap tabular-nums">{formatPhone(c.phoneNumber)}</span> : <span className="text-muted-foreground">None</span>),
    },
    { id: 'buyers', header: 'Buyers', align: 'right', className: 'hidden lg:table-cell', cell: (c) => formatCount(c.buyersCount) },
    { id: 'calls', header: 'Calls', align: 'right', sortKey: 'callsCount', cell: (c) => formatCount(c.callsCount) },
    { id: 'successRate', header: 'Success Rate', align: 'right', className: 'hidden lg:table-cell', cell: (c) => formatPercent(c.successRate) },
    { id: 'revenue', header: 'Revenue', align: 'right', sortKey: 'revenue', cell: (c) => formatMoney(c.revenue) },
    { id: 'actions', header: <span className="sr-only">Actions</span>, align: 'right', cell: (c) => <CampaignRowActions campaign={c} onDelete={onDelete} /> },
  ]
}
