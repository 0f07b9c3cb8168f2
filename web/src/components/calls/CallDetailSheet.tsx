import { isApiError } from '@/api/client'
import { useCall } from '@/api/calls'
import { PageLoading } from '@/components/shared/PageLoading'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { formatPhone } from '@/lib/format'
import { CallDetailTabs } from './CallDetailTabs'

/** A side panel with one call's details (`GET /api/calls/{id}`), loaded when it opens. */
export function CallDetailSheet({
  callId,
  callSid,
  onClose,
  timeZone,
}: {
  /** The call to show; undefined closes the panel. */
  callId: number | undefined
  /** Known from the list row, for the heading while the details load. */
  callSid?: string
  onClose: () => void
  timeZone?: string
}) {
  const call = useCall(callId)
  const sid = call.data?.callSid ?? callSid
  return (
    <Dialog open={callId !== undefined} onOpenChange={(open) => !open && onClose()}>
      <DialogContent side="right" className="max-w-3xl overflow-y-auto" closeLabel="Close call details">
        <DialogHeader>
          <DialogTitle>Call details</DialogTitle>
          <DialogDescription>
            {sid ? <span className="font-mono text-xs">{sid}</span> : 'Loading…'}
            {call.data && (
              <>
                {' · '}
                {formatPhone(call.data.fromNumber)} to {formatPhone(call.data.toNumber)}
              </>
            )}
          </DialogDescription>
        </DialogHeader>
        {call.isPending ? (
          <PageLoading label="Loading the call" />
        ) : call.isError ? (
          isApiError(call.error) && call.error.status === 404 ? (
            <p role="alert" className="text-sm text-muted-foreground">
              This call was not found. It may belong to another account.
            </p>
          ) : (
            <QueryErrorAlert title="The call could not be loaded." error={call.error} onRetry={() => void call.refetch()} />
          )
        ) : (
          <CallDetailTabs call={call.data} timeZone={timeZone} />
        )}
      </DialogContent>
    </Dialog>
  )
}
