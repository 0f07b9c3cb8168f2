import { KeyRound, LoaderCircle, Pencil, Power, Send, Trash2 } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { toast } from 'sonner'
import { useCampaignOptions } from '@/api/campaigns'
import { isApiError } from '@/api/client'
import {
  endpointInput,
  useDeleteWebhook,
  useSaveWebhook,
  useSendTestEvent,
  useWebhook,
  type WebhookEndpoint,
} from '@/api/integrations'
import { DeliveryLog } from '@/components/integrations/DeliveryLog'
import { DeliveryFigures, DisabledNotice } from '@/components/integrations/deliveryParts'
import { ReplaySinceForm } from '@/components/integrations/ReplaySinceForm'
import { RotateSecretDialog } from '@/components/integrations/RotateSecretDialog'
import { VerifyGuide } from '@/components/integrations/VerifyGuide'
import { EndpointStateBadge, lastDelivery } from '@/components/integrations/webhookDisplay'
import { WebhookFormDialog } from '@/components/integrations/WebhookFormDialog'
import { PageHeader } from '@/components/layout/PageHeader'
import { CodeBlock } from '@/components/rtb/CodeBlock'
import { BackLink } from '@/components/shared/BackLink'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { CopyButton } from '@/components/shared/CopyButton'
import { DetailList } from '@/components/shared/DetailList'
import { PageLoading } from '@/components/shared/PageLoading'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { useWatchWindow } from '@/hooks/useWatchWindow'
import { formatDateTime } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'
import { NotFoundPage } from './NotFoundPage'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

/** The URL's host and path, for the page's heading. */
function shortUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`
  } catch {
    return url
  }
}

function Settings({ endpoint }: { endpoint: WebhookEndpoint }) {
  const campaigns = useCampaignOptions()
  const campaignName = (id: string) => campaigns.data?.items.find((c) => c.id === id)?.name ?? id
  const headers = Object.entries(endpoint.headers)
  const last = lastDelivery(endpoint)
  return (
    <Card className="flex min-w-0 flex-col gap-4 p-4 sm:p-5">
      <h2 className="text-lg font-semibold">Settings</h2>
      <DetailList
        items={[
          {
            label: 'URL',
            value: (
              <span className="flex items-start gap-1">
                <code className="min-w-0 text-xs break-all">{endpoint.url}</code>
                <CopyButton value={endpoint.url} label="Copy endpoint URL" />
              </span>
            ),
          },
          { label: 'Status', value: <EndpointStateBadge endpoint={endpoint} withReason /> },
          { label: 'Description', value: endpoint.description || <span className="text-muted-foreground">None</span> },
          {
            label: 'Events',
            value:
              endpoint.eventTypes.length === 0 ? (
                'All events'
              ) : (
                <span className="flex flex-wrap gap-1">
                  {endpoint.eventTypes.map((t) => (
                    <code key={t} className="rounded bg-muted px-1.5 py-0.5 text-xs">
                      {t}
                    </code>
                  ))}
                </span>
              ),
          },
          {
            label: 'Campaigns',
            value: endpoint.campaignIds.length === 0 ? 'All campaigns' : endpoint.campaignIds.map(campaignName).join(', '),
          },
          {
            label: 'Custom headers',
            value:
              headers.length === 0 ? (
                <span className="text-muted-foreground">None</span>
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
          {
            label: 'Signing secret',
            value: (
              <span className="flex flex-col gap-0.5">
                <code className="text-xs">{endpoint.secretHint}</code>
                {endpoint.previousSecretUntil && Date.parse(endpoint.previousSecretUntil) > Date.now() && (
                  <span className="text-xs text-muted-foreground">The previous secret also signs until {formatDateTime(endpoint.previousSecretUntil)}.</span>
                )}
              </span>
            ),
          },
          { label: 'Last delivery', value: <span title={last.at ? formatDateTime(last.at) : undefined}>{last.text}</span> },
          { label: 'Created', value: formatDateTime(endpoint.createdAt) },
          { label: 'Updated', value: formatDateTime(endpoint.updatedAt) },
        ]}
      />
      {endpoint.bodyTemplate && <CodeBlock label="Custom body" text={endpoint.bodyTemplate} />}
    </Card>
  )
}

/** `/integrations/webhooks/:id`: an endpoint's settings, figures, delivery log and signature guide. */
export function WebhookDetailPage() {
  const { canWrite } = usePermissions()
  const params = useParams()
  const id = Number(params.id)
  const navigate = useNavigate()
  const { watching, start: watch } = useWatchWindow()
  const [live, setLive] = useState(false)
  const webhook = useWebhook(Number.isInteger(id) ? id : undefined, live || watching)
  const pending = webhook.data?.figures.pending ?? 0
  useEffect(() => setLive(pending > 0), [pending])
  const save = useSaveWebhook()
  const remove = useDeleteWebhook()
  const test = useSendTestEvent()
  const [editing, setEditing] = useState(false)
  const [rotating, setRotating] = useState(false)
  const [deleting, setDeleting] = useState(false)

  if (!Number.isInteger(id) || (isApiError(webhook.error) && webhook.error.status === 404)) return <NotFoundPage />
  if (webhook.isPending) return <PageLoading label="Loading the webhook endpoint" />
  if (webhook.isError) {
    return <QueryErrorAlert title="The webhook endpoint could not be loaded." error={webhook.error} onRetry={() => void webhook.refetch()} />
  }

  const e = webhook.data
  const toggle = () =>
    save.mutate(
      { id: e.id, input: endpointInput(e, { enabled: !e.enabled }) },
      {
        onSuccess: () => toast.success(e.enabled ? 'Endpoint disabled: nothing is sent to it' : 'Endpoint enabled'),
        onError: (error) => toast.error(serverErrorMessage(error)),
      },
    )
  const sendTest = () =>
    test.mutate(e.id, {
      onSuccess: () => {
        toast.success('Test event queued: it is sent within a second or two')
        watch()
      },
      onError: (error) => toast.error(serverErrorMessage(error)),
    })

  return (
    <>
      <BackLink to="/integrations">All integrations</BackLink>
      <PageHeader
        title={e.description || shortUrl(e.url)}
        description="Webhook endpoint"
        actions={
          canWrite('integrations') ? (
            <div className="flex flex-wrap items-center gap-2">
              <Button onClick={sendTest} disabled={test.isPending}>
                {test.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Send aria-hidden="true" />}
                Send test event
              </Button>
              <Button variant="outline" onClick={() => setEditing(true)}>
                <Pencil aria-hidden="true" />
                Edit
              </Button>
              <Button variant="outline" onClick={toggle} disabled={save.isPending}>
                {save.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Power aria-hidden="true" />}
                {e.enabled ? 'Disable' : 'Enable'}
              </Button>
              <Button variant="outline" onClick={() => setRotating(true)}>
                <KeyRound aria-hidden="true" />
                Rotate secret
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
        <DisabledNotice item={e} noun="endpoint" failed="messages" byUser="This endpoint is disabled: no event is sent to it until it is enabled again." />
        <DeliveryFigures label="Endpoint figures, last 7 days" item={e} receiver="the endpoint's" />
        <div className="grid min-w-0 gap-6 xl:grid-cols-2">
          <Settings endpoint={e} />
          <VerifyGuide />
        </div>
        <Card className="p-4 sm:p-5">
          {canWrite('integrations') && <ReplaySinceForm endpointId={e.id} onReplayed={watch} />}
        </Card>
        <DeliveryLog endpointId={e.id} watch={watching} onActivity={watch} />
      </div>
      <WebhookFormDialog open={editing} endpoint={e} onOpenChange={setEditing} />
      <RotateSecretDialog endpoint={e} open={rotating} onOpenChange={setRotating} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={(open) => {
          if (!open) {
            remove.reset()
            setDeleting(false)
          }
        }}
        title="Delete this endpoint?"
        description={
          <>
            Nothing more is sent to <span className="break-all">{e.url}</span>. This cannot be undone.
          </>
        }
        confirmLabel="Delete endpoint"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          remove.mutate(e.id, {
            onSuccess: () => {
              toast.success('Endpoint deleted')
              setDeleting(false)
              navigate('/integrations', { replace: true })
            },
          })
        }
      />
    </>
  )
}
