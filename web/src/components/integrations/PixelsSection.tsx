import { Plus, ScanLine } from 'lucide-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { useCampaignOptions } from '@/api/campaigns'
import { usePixels, type Pixel } from '@/api/pixels'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { Button } from '@/components/ui/button'
import { formatDateTime, pluralize } from '@/lib/format'
import { fireOnSummary } from './pixelForm'
import { PixelFormDialog } from './PixelFormDialog'
import { PixelStateBadge, lastFire } from './pixelDisplay'
import { successRateText } from './webhookDisplay'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

function columns(campaignName: (id: string) => string): Column<Pixel>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      className: 'min-w-40 max-w-64 whitespace-normal',
      cell: (p) => (
        <div className="flex min-w-0 flex-col">
          <Link to={`/integrations/pixels/${p.id}`} className="font-medium break-words hover:text-primary hover:underline">
            {p.name}
          </Link>
          <span className="text-xs text-muted-foreground">{p.campaignId ? campaignName(p.campaignId) : 'All campaigns'}</span>
        </div>
      ),
    },
    { id: 'fireOn', header: 'Fires on', className: 'max-w-48 whitespace-normal', cell: (p) => <span title={p.fireOn.join(', ')}>{fireOnSummary(p.fireOn)}</span> },
    {
      id: 'request',
      header: 'Request',
      className: 'min-w-56 max-w-80',
      cell: (p) => (
        <div className="flex min-w-0 items-baseline gap-1.5" title={p.url}>
          <span className="shrink-0 rounded bg-muted px-1.5 py-0.5 text-xs font-medium">{p.method}</span>
          <code className="block min-w-0 truncate text-xs">{p.url}</code>
        </div>
      ),
    },
    { id: 'state', header: 'Status', className: 'max-w-48 whitespace-normal', cell: (p) => <PixelStateBadge pixel={p} withReason /> },
    {
      id: 'successRate',
      header: 'Success (7 days)',
      align: 'right',
      cell: (p) => (
        <div className="flex flex-col items-start sm:items-end">
          <span>{successRateText(p)}</span>
          <span className="text-xs text-muted-foreground">{p.figures.attempts > 0 ? pluralize(p.figures.attempts, 'attempt') : ''}</span>
        </div>
      ),
    },
    {
      id: 'last',
      header: 'Last fire',
      className: 'whitespace-normal',
      cell: (p) => {
        const last = lastFire(p)
        return <span title={last.at ? formatDateTime(last.at) : undefined}>{last.text}</span>
      },
    },
  ]
}

/** The account's tracking pixels, with their last 7 days, and Add pixel. */
export function PixelsSection() {
  const navigate = useNavigate()
  const pixels = usePixels()
  const campaigns = useCampaignOptions()
  const [adding, setAdding] = useState(false)
  const { canWrite } = usePermissions()
  const writable = canWrite('integrations')
  const campaignName = (id: string) => campaigns.data?.items.find((c) => c.id === id)?.name ?? id
  return (
    <section aria-labelledby="pixels-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0 max-w-3xl">
          <h2 id="pixels-heading" className="text-lg font-semibold">
            Tracking pixels
          </h2>
          <p className="text-sm text-muted-foreground">
            Call a URL of your tracker or ad platform when a call comes in, connects, converts or pays, with the call's details filled in as{' '}
            <code className="text-xs">[tokens]</code>. Pixels are not signed; like webhooks, they are retried when they fail and are never sent to
            private or internal addresses.
          </p>
        </div>
        {writable ? (
          <Button onClick={() => setAdding(true)}>
            <Plus aria-hidden="true" />
            Add pixel
          </Button>
        ) : (
          <ReadOnlyNote area="integrations" />
        )}
      </div>
      <DataTable
        cards
        caption="Tracking pixels"
        columns={columns(campaignName)}
        rows={pixels.data}
        getRowKey={(p) => p.id}
        isLoading={pixels.isPending}
        error={pixels.error}
        onRetry={() => void pixels.refetch()}
        onRowClick={(p) => navigate(`/integrations/pixels/${p.id}`)}
        empty={
          <EmptyState
            icon={ScanLine}
            title="No pixels yet"
            description="Add a postback URL, e.g. your ad platform's conversion pixel, and it is called with the call's click id and revenue."
            action={
              writable && (
                <Button size="sm" onClick={() => setAdding(true)}>
                  <Plus aria-hidden="true" />
                  Add pixel
                </Button>
              )
            }
          />
        }
      />
      <PixelFormDialog open={adding} onOpenChange={setAdding} />
    </section>
  )
}
