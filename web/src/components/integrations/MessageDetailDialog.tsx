import { LoaderCircle, RotateCcw } from 'lucide-react'
import { toast } from 'sonner'
import { useReplayMessage, useWebhookMessage } from '@/api/integrations'
import { CodeBlock } from '@/components/rtb/CodeBlock'
import { DetailList } from '@/components/shared/DetailList'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDateTimeWithZone } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'
import { httpStatusText, latencyText, MessageStatusBadge } from './webhookDisplay'

/** One message of a delivery log (or a pixel's firing log): what was sent, every attempt, and Replay. */
export function MessageDetailDialog({
  endpointId,
  messageId,
  onClose,
  onReplayed,
}: {
  endpointId: number
  messageId: number | undefined
  onClose: () => void
  onReplayed: () => void
}) {
  const message = useWebhookMessage(endpointId, messageId)
  const replay = useReplayMessage(endpointId)
  const m = message.data
  return (
    <Dialog
      open={messageId !== undefined}
      onOpenChange={(open) => {
        if (!open) {
          replay.reset()
          onClose()
        }
      }}
    >
      <DialogContent side="right" layout="sections" className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{m ? m.eventType : 'Message'}</DialogTitle>
          <DialogDescription>{m ? `${m.webhookId} · event ${m.eventId}` : 'Loading the message'}</DialogDescription>
        </DialogHeader>
        <DialogBody className="flex flex-col gap-5">
          {message.isError ? (
            <QueryErrorAlert title="The message could not be loaded." error={message.error} onRetry={() => void message.refetch()} />
          ) : !m ? (
            <div role="status" aria-label="Loading the message" className="flex flex-col gap-3">
              <Skeleton className="h-16 w-full" />
              <Skeleton className="h-40 w-full" />
            </div>
          ) : (
            <>
              <DetailList
                items={[
                  { label: 'Status', value: <MessageStatusBadge status={m.status} /> },
                  { label: 'Attempts', value: String(m.attempts) },
                  { label: 'Created', value: formatDateTimeWithZone(m.createdAt) },
                  m.status === 'delivered'
                    ? { label: 'Delivered', value: formatDateTimeWithZone(m.deliveredAt) }
                    : { label: 'Next attempt', value: m.nextAttemptAt ? formatDateTimeWithZone(m.nextAttemptAt) : 'None: every attempt is spent' },
                ]}
              />
              <section aria-labelledby="attempts-heading" className="flex flex-col gap-2">
                <h3 id="attempts-heading" className="text-sm font-semibold">
                  Attempts
                </h3>
                {m.attemptsLog.length === 0 ? (
                  <p className="text-sm text-muted-foreground">No attempt yet: the first one is due {m.nextAttemptAt ? formatDateTimeWithZone(m.nextAttemptAt) : 'shortly'}.</p>
                ) : (
                  <ol className="flex flex-col gap-3">
                    {m.attemptsLog.map((a, index) => {
                      const ok = a.statusCode != null && a.statusCode >= 200 && a.statusCode < 300
                      return (
                        <li key={`${a.at}-${index}`} className="flex flex-col gap-2 rounded-lg border border-border p-3" aria-label={`Attempt ${index + 1}`}>
                          <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
                            <span className="font-medium">Attempt {index + 1}</span>
                            <span className="text-xs text-muted-foreground">{formatDateTimeWithZone(a.at)}</span>
                          </div>
                          <div className="flex flex-wrap items-center gap-2 text-sm">
                            <Badge variant={ok ? 'success' : 'danger'}>HTTP {httpStatusText(a.statusCode)}</Badge>
                            <span className="text-muted-foreground">{latencyText(a.latencyMs)}</span>
                          </div>
                          {a.error && <p className="text-sm text-destructive">{a.error}</p>}
                          {a.response != null && a.response !== '' && <CodeBlock label="Response (start)" text={a.response} />}
                        </li>
                      )
                    })}
                  </ol>
                )}
              </section>
              {m.requestUrl ? (
                <>
                  <figure className="flex flex-col gap-1">
                    <figcaption className="text-xs font-medium text-muted-foreground">Request sent</figcaption>
                    <pre aria-label="Request sent" className="overflow-auto rounded-md border border-border bg-muted p-3 font-mono text-xs whitespace-pre-wrap break-all">
                      {`${m.requestMethod ?? 'GET'} ${m.requestUrl}`}
                    </pre>
                  </figure>
                  {(m.requestMethod ?? 'GET') !== 'GET' && <CodeBlock label="Body sent" text={m.body} />}
                </>
              ) : (
                <CodeBlock label="Body sent" text={m.body} />
              )}
            </>
          )}
          {replay.error && <p role="alert" className="text-sm text-destructive">{serverErrorMessage(replay.error)}</p>}
        </DialogBody>
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            Close
          </Button>
          <Button
            disabled={!m || replay.isPending}
            onClick={() =>
              m &&
              replay.mutate(m.id, {
                onSuccess: () => {
                  toast.success('Message queued to be sent again')
                  onReplayed()
                },
              })
            }
          >
            {replay.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <RotateCcw aria-hidden="true" />}
            Replay
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
