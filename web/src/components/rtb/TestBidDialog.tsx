import { LoaderCircle } from 'lucide-react'
import { useEffect } from 'react'
import { useTestRtbTarget, type RtbTarget } from '@/api/rtb'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { TestBidResult } from './TestBidResult'

/** Sends a sample bid request to the target and shows exactly what went out and came back. */
export function TestBidDialog({ target, onClose }: { target: RtbTarget | undefined; onClose: () => void }) {
  const test = useTestRtbTarget()
  const { mutate, reset } = test
  const id = target?.id
  useEffect(() => {
    if (id !== undefined) mutate(id)
    else reset()
  }, [id, mutate, reset])

  return (
    <Dialog open={target !== undefined} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[92dvh] max-w-3xl overflow-y-auto">
        <DialogHeader>
          <DialogTitle>Test bidding: {target?.name}</DialogTitle>
          <DialogDescription>A sample bid request sent to the endpoint now, with test call data.</DialogDescription>
        </DialogHeader>
        {test.isPending && (
          <p className="flex items-center gap-2 text-sm text-muted-foreground" role="status">
            <LoaderCircle className="size-4 animate-spin" aria-hidden="true" />
            Sending the bid request…
          </p>
        )}
        {test.error && <QueryErrorAlert title="The test could not be run" error={test.error} onRetry={() => id !== undefined && mutate(id)} />}
        {test.data && <TestBidResult result={test.data} />}
      </DialogContent>
    </Dialog>
  )
}
