import { LoaderCircle, Pencil, Power, ShieldAlert, Trash2 } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { toast } from 'sonner'
import { useCampaignOptions } from '@/api/campaigns'
import { isApiError } from '@/api/client'
import { pixelConditions, pixelInput, useDeletePixel, usePixel, useSavePixel, type Pixel } from '@/api/pixels'
import { DeliveryFigures, DisabledNotice } from '@/components/integrations/deliveryParts'
import { PixelFiringLog } from '@/components/integrations/PixelFiringLog'
import { PixelFormDialog } from '@/components/integrations/PixelFormDialog'
import { lastFire, PixelStateBadge } from '@/components/integrations/pixelDisplay'
import { FIRE_ON_LABELS, OPERATOR_LABELS } from '@/components/integrations/pixelForm'
import { PageHeader } from '@/components/layout/PageHeader'
import { BackLink } from '@/components/shared/BackLink'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { CopyButton } from '@/components/shared/CopyButton'
import { DetailList } from '@/components/shared/DetailList'
import { PageLoading } from '@/components/shared/PageLoading'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { CodeBlock } from '@/components/rtb/CodeBlock'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { useWatchWindow } from '@/hooks/useWatchWindow'
import { formatCount, formatDateTime } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'
import { NotFoundPage } from './NotFoundPage'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

const none = <span className="text-muted-foreground">None</span>

function Settings({ pixel }: { pixel: Pixel }) {
  const campaigns = useCampaignOptions()
  const campaignName = (id: string) => campaigns.data?.items.find((c) => c.id === id)?.name ?? id
  const headers = Object.entries(pixel.headers)
  const conditions = pixelConditions(pixel)
  const last = lastFire(pixel)
  return (
    <Card className="flex min-w-0 flex-col gap-4 p-4 sm:p-5">
      <h2 className="text-lg font-semibold">Settings</h2>
      <DetailList
        items={[
          {
            label: 'Request',
            value: (
              <span className="flex items-start gap-1">
                <code className="min-w-0 text-xs break-all">
                  <span className="font-semibold">{pixel.method}</span> {pixel.url}
                </code>
                <CopyButton value={pixel.url} label="Copy pixel URL" />
              </span>
            ),
          },
          { label: 'Status', value: <PixelStateBadge pixel={pixel} withReason /> },
          { label: 'Campaign', value: pixel.campaignId ? campaignName(pixel.campaignId) : 'All campaigns' },
          {
            label: 'Fires on',
            value: (
              <ul className="flex flex-col gap-0.5">
                {pixel.fireOn.map((f) => (
                  <li key={f}>
                    <span className="font-medium">{FIRE_ON_LABELS[f]?.label ?? f}</span>
                    <span className="text-muted-foreground">: {FIRE_ON_LABELS[f]?.description ?? f}</span>
                  </li>
                ))}
              </ul>
            ),
          },
          {
            label: 'Conditions',
            value:
              conditions.length === 0 ? (
                <span className="text-muted-foreground">None: fires on every chosen event</span>
              ) : (
                <ul className="flex flex-col gap-0.5">
                  {conditions.map((c, i) => (
                    <li key={i}>
                      <code className="text-xs">[{c.token}]</code> {OPERATOR_LABELS[c.operator] ?? c.operator}
                      {c.operator !== 'exists' && <> <code className="text-xs">{c.value}</code></>}
                    </li>
                  ))}
                </ul>
              ),
          },
          { label: 'Max fires per call', value: pixel.maxFiresPerCall == null ? 'No limit' : formatCount(pixel.maxFiresPerCall) },
          {
            label: 'Headers',
            value:
              headers.length === 0 ? (
                none
              ) : (
                <ul className="flex flex-col gap-0.5">
                  {headers.map(([name, value]) => (
                    <li key={name} className="font-mono text-xs break-all">
                      {name}: {String(value)}
                    </li>
                  ))}
                </ul>
              ),
          },
          { label: 'Basic authentication', value: pixel.basicAuthUsername ? `User ${pixel.basicAuthUsername} (password stored, never shown)` : none },
          { label: 'Last fire', value: <span title={last.at ? formatDateTime(last.at) : undefined}>{last.text}</span> },
          { label: 'Created', value: formatDateTime(pixel.createdAt) },
          { label: 'Updated', value: formatDateTime(pixel.updatedAt) },
        ]}
      />
      {pixel.body && <CodeBlock label="Body template" text={pixel.body} />}
    </Card>
  )
}

/** `/integrations/pixels/:id`: a pixel's settings, figures and firing log. */
export function PixelDetailPage() {
  const { canWrite } = usePermissions()
  const params = useParams()
  const id = Number(params.id)
  const navigate = useNavigate()
  const { watching, start: watch } = useWatchWindow()
  const [live, setLive] = useState(false)
  const pixel = usePixel(Number.isInteger(id) ? id : undefined, live || watching)
  const pending = pixel.data?.figures.pending ?? 0
  useEffect(() => setLive(pending > 0), [pending])
  const save = useSavePixel()
  const remove = useDeletePixel()
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)

  if (!Number.isInteger(id) || (isApiError(pixel.error) && pixel.error.status === 404)) return <NotFoundPage />
  if (pixel.isPending) return <PageLoading label="Loading the pixel" />
  if (pixel.isError) return <QueryErrorAlert title="The pixel could not be loaded." error={pixel.error} onRetry={() => void pixel.refetch()} />

  const p = pixel.data
  const toggle = () =>
    save.mutate(
      { id: p.id, input: pixelInput(p, { enabled: !p.enabled }) },
      {
        onSuccess: () => toast.success(p.enabled ? 'Pixel disabled: it no longer fires' : 'Pixel enabled'),
        onError: (error) => toast.error(serverErrorMessage(error)),
      },
    )

  return (
    <>
      <BackLink to="/integrations">All integrations</BackLink>
      <PageHeader
        title={p.name}
        description="Tracking pixel"
        actions={
          canWrite('integrations') ? (
            <div className="flex flex-wrap items-center gap-2">
              <Button variant="outline" onClick={() => setEditing(true)}>
                <Pencil aria-hidden="true" />
                Edit
              </Button>
              <Button variant="outline" onClick={toggle} disabled={save.isPending}>
                {save.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Power aria-hidden="true" />}
                {p.enabled ? 'Disable' : 'Enable'}
              </Button>
              <Button variant="outline" className="text-destructive hover:text-destructive" onClick={() => setDeleting(true)}>
                <Trash2 aria-hidden="true" />
                Delete
              </Button>
            </div>
          ) : (
            <ReadOnlyNote area="integrations" />
          )
        }
      />
      <div className="flex flex-col gap-6">
        <DisabledNotice item={p} noun="pixel" failed="fires" byUser="This pixel is disabled: it does not fire until it is enabled again." />
        <DeliveryFigures label="Pixel figures, last 7 days" item={p} receiver="the tracker's" />
        <Settings pixel={p} />
        <Alert role="note">
          <ShieldAlert aria-hidden="true" />
          <span>
            Pixels are not signed: the tracker cannot tell them from anyone else's request, so keep the click ids and any secret in the
            URL, a header or basic authentication. Each request goes through the request-forgery guard, which refuses private and
            internal addresses, and a failed fire is retried like a webhook.
          </span>
        </Alert>
        <PixelFiringLog pixelId={p.id} watch={watching} onActivity={watch} />
      </div>
      <PixelFormDialog open={editing} pixel={p} onOpenChange={setEditing} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={(open) => {
          if (!open) {
            remove.reset()
            setDeleting(false)
          }
        }}
        title="Delete this pixel?"
        description={
          <>
            It stops firing, and its firing log is deleted with it. This cannot be undone.
          </>
        }
        confirmLabel="Delete pixel"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          remove.mutate(p.id, {
            onSuccess: () => {
              toast.success('Pixel deleted')
              setDeleting(false)
              navigate('/integrations', { replace: true })
            },
          })
        }
      />
    </>
  )
}
