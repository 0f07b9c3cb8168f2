import { ChevronDown, Eye, EyeOff, KeyRound, RefreshCw, Webhook } from 'lucide-react'
import { useId, useState } from 'react'
import { toast } from 'sonner'
import { usePostback, useRotatePostback } from '@/api/conversions'
import type { Campaign } from '@/api/types'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { CopyButton } from '@/components/shared/CopyButton'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { usePermissions } from '@/hooks/usePermissions'

/** `pb_…` with all but its last four characters hidden. */
export function maskToken(token: string): string {
  return token.length <= 4 ? '••••' : `${'•'.repeat(Math.min(24, token.length - 4))}${token.slice(-4)}`
}

/**
 * "Conversion postback": the URL and token a buyer or tracker uses to report this campaign's
 * conversions. The token is made the first time it is asked for, so it is only asked for once
 * the card is opened.
 */
export function CampaignPostbackCard({ campaign }: { campaign: Pick<Campaign, 'id' | 'name'> }) {
  const [open, setOpen] = useState(false)
  const [revealed, setRevealed] = useState(false)
  const [rotating, setRotating] = useState(false)
  const postback = usePostback(campaign.id, open)
  const rotate = useRotatePostback(campaign.id)
  const bodyId = useId()
  const { canWrite } = usePermissions()
  // The token is for managers and above: the server refuses the others even a look.
  const allowed = canWrite('campaigns')
  const p = postback.data
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <CardTitle className="flex items-center gap-2">
            <Webhook className="size-4 text-primary" aria-hidden="true" />
            Conversion postback
          </CardTitle>
          <CardDescription>Let a buyer or tracker report this campaign's conversions and revenue back to CallCenter Pro.</CardDescription>
        </div>
        {allowed ? (
          <Button variant="outline" size="sm" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen((v) => !v)} className="shrink-0">
            <ChevronDown className={open ? 'rotate-180 transition-transform' : 'transition-transform'} aria-hidden="true" />
            {open ? 'Hide' : 'Show postback'}
          </Button>
        ) : (
          <p className="max-w-48 shrink-0 text-right text-xs text-muted-foreground">Managers, admins and owners see the postback token.</p>
        )}
      </CardHeader>
      {open && allowed && (
        <CardContent id={bodyId} className="flex flex-col gap-4">
          <p className="text-sm text-muted-foreground">
            POST JSON to the URL with the token in the <code className="text-xs">X-Postback-Token</code> header (or <code className="text-xs">?token=</code>
            ). Name the call by <code className="text-xs">callId</code>, by <code className="text-xs">callSid</code>, or by{' '}
            <code className="text-xs">callerNumber</code> with <code className="text-xs">at</code> (their latest call in the day before); add{' '}
            <code className="text-xs">revenue</code> (e.g. <code className="text-xs">"45.00"</code>), <code className="text-xs">converted</code> (false undoes a
            conversion) and an <code className="text-xs">idempotencyKey</code> so a repeated report changes nothing. The token reports this
            campaign's calls only.
          </p>
          {postback.isError ? (
            <QueryErrorAlert title="The postback could not be loaded." error={postback.error} onRetry={() => void postback.refetch()} />
          ) : !p ? (
            <div role="status" aria-label="Loading the postback" className="flex flex-col gap-3">
              <Skeleton className="h-9 w-full" />
              <Skeleton className="h-9 w-full" />
              <Skeleton className="h-20 w-full" />
            </div>
          ) : (
            <>
              <div className="flex flex-col gap-1.5">
                <span className="text-xs font-medium text-muted-foreground">URL</span>
                <div className="flex min-w-0 items-center gap-2 rounded-md border border-border bg-muted px-3 py-1.5">
                  <code className="min-w-0 flex-1 font-mono text-xs break-all">POST {p.url}</code>
                  <CopyButton value={p.url} label="Copy postback URL" />
                </div>
              </div>
              <div className="flex flex-col gap-1.5">
                <span id={`${bodyId}-token`} className="text-xs font-medium text-muted-foreground">
                  Token
                </span>
                <div className="flex min-w-0 items-center gap-1 rounded-md border border-border bg-muted px-3 py-1.5">
                  <KeyRound className="size-3.5 shrink-0 text-muted-foreground" aria-hidden="true" />
                  <code aria-labelledby={`${bodyId}-token`} data-testid="postback-token" className="min-w-0 flex-1 font-mono text-xs break-all">
                    {revealed ? p.token : maskToken(p.token)}
                  </code>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    className="size-7"
                    aria-label={revealed ? 'Hide the token' : 'Reveal the token'}
                    title={revealed ? 'Hide' : 'Reveal'}
                    onClick={() => setRevealed((v) => !v)}
                  >
                    {revealed ? <EyeOff aria-hidden="true" /> : <Eye aria-hidden="true" />}
                  </Button>
                  <CopyButton value={p.token} label="Copy postback token" />
                </div>
              </div>
              <figure className="flex flex-col gap-1.5">
                <figcaption className="flex items-center justify-between gap-2 text-xs font-medium text-muted-foreground">
                  Example request
                  <CopyButton value={p.example} label="Copy example request" />
                </figcaption>
                <pre aria-label="Example request" className="overflow-x-auto rounded-md border border-border bg-muted p-3 font-mono text-xs whitespace-pre-wrap break-all">
                  {revealed ? p.example : p.example.replaceAll(p.token, maskToken(p.token))}
                </pre>
              </figure>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="text-xs text-muted-foreground">Rotate the token if it leaks: the old one stops working at once.</p>
                <Button variant="outline" size="sm" onClick={() => setRotating(true)}>
                  <RefreshCw aria-hidden="true" />
                  Rotate token
                </Button>
              </div>
            </>
          )}
        </CardContent>
      )}
      <ConfirmDialog
        open={rotating}
        onOpenChange={(next) => {
          if (!next) {
            rotate.reset()
            setRotating(false)
          }
        }}
        title="Rotate the postback token?"
        description={`A new token is made for ${campaign.name}. The current one stops working at once: update every buyer and tracker that reports conversions with it.`}
        confirmLabel="Rotate token"
        pending={rotate.isPending}
        error={rotate.error}
        onConfirm={() =>
          rotate.mutate(undefined, {
            onSuccess: () => {
              toast.success('Postback token rotated: the old one no longer works')
              setRotating(false)
              setRevealed(false)
            },
          })
        }
      />
    </Card>
  )
}
