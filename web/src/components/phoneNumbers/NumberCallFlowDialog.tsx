import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useId, useState } from 'react'
import { Link } from 'react-router'
import { toast } from 'sonner'
import { useCallFlowOptions, type CallFlowSummary } from '@/api/callFlows'
import { isApiError } from '@/api/client'
import { useSetNumberCallFlow } from '@/api/phoneNumbers'
import type { PhoneNumber } from '@/api/types'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Label } from '@/components/ui/label'
import { Skeleton } from '@/components/ui/skeleton'
import { formatPhone } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'

/** The select's value for "no flow of its own": PATCH `{callFlowId: null}`. */
export const CAMPAIGN_FLOW = 'campaign'

/** `Intake (draft)` for a flow never published. */
export function flowOptionLabel(flow: Pick<CallFlowSummary, 'name' | 'status'>): string {
  return flow.status === 'draft' ? `${flow.name} (draft)` : flow.name
}

/** Chooses the call flow a number's calls run in place of their campaign's: PATCH /api/phone-numbers/{id} `{callFlowId}`. */
export function NumberCallFlowDialog({ number, onClose }: { number: PhoneNumber | undefined; onClose: () => void }) {
  return (
    <Dialog open={number !== undefined} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>Call flow of {number ? formatPhone(number.phoneNumber) : ''}</DialogTitle>
          <DialogDescription>The IVR this number&apos;s callers go through.</DialogDescription>
        </DialogHeader>
        {number && <NumberCallFlowForm key={number.id} number={number} onClose={onClose} />}
      </DialogContent>
    </Dialog>
  )
}

function NumberCallFlowForm({ number, onClose }: { number: PhoneNumber; onClose: () => void }) {
  const id = useId()
  const flows = useCallFlowOptions()
  const save = useSetNumberCallFlow()
  const current = number.callFlowId ?? null
  const [value, setValue] = useState(current == null ? CAMPAIGN_FLOW : String(current))

  const items = flows.data?.items ?? []
  const picked = value === CAMPAIGN_FLOW ? null : Number(value)
  const pickedFlow = picked == null ? undefined : items.find((f) => f.id === picked)
  const label = formatPhone(number.phoneNumber)
  const options = [
    { value: CAMPAIGN_FLOW, label: number.campaignId ? 'Campaign’s flow (none of its own)' : 'None (the campaign’s flow)' },
    ...items.map((f) => ({ value: String(f.id), label: flowOptionLabel(f) })),
    // A flow beyond the first 100 stays as it is.
    ...(current != null && flows.data && !items.some((f) => f.id === current)
      ? [{ value: String(current), label: number.callFlowName ?? `Call flow #${current}` }]
      : []),
  ]
  const fieldError = isApiError(save.error) && save.error.details?.field === 'callFlowId'

  const onSave = () =>
    save.mutate(
      { id: number.id, callFlowId: picked },
      {
        onSuccess: (saved) => {
          toast.success(picked == null ? `${label} runs its campaign’s flow again` : `${label} now runs “${saved.callFlowName ?? pickedFlow?.name ?? 'the flow'}”`)
          onClose()
        },
      },
    )

  return (
    <div className="flex flex-col gap-4">
      {flows.isError ? (
        <QueryErrorAlert title="The call flows could not be loaded." error={flows.error} onRetry={() => void flows.refetch()} />
      ) : flows.isPending ? (
        <Skeleton className="h-9 w-full" aria-label="Loading call flows" />
      ) : (
        <div className="flex flex-col gap-2">
          <Label htmlFor={id}>Call flow</Label>
          <OptionSelect
            id={id}
            value={value}
            onValueChange={(v) => {
              setValue(v)
              save.reset()
            }}
            options={options}
            disabled={save.isPending}
            aria-invalid={fieldError || undefined}
            aria-describedby={`${id}-hint`}
          />
          <p id={`${id}-hint`} className="text-xs text-muted-foreground">
            A number&apos;s own flow replaces its campaign&apos;s flow on its calls; only a published version runs.
          </p>
          {pickedFlow && pickedFlow.publishedVersion == null && (
            <Alert variant="warning" role="status">
              <CircleAlert aria-hidden="true" />
              <span>“{pickedFlow.name}” is not published yet: until it is, calls run the campaign&apos;s flow.</span>
            </Alert>
          )}
          {items.length === 0 && (
            <p className="text-xs text-muted-foreground">
              This account has no call flow yet.{' '}
              <Link to="/call-flows" className="text-primary hover:underline">
                Create one
              </Link>
            </p>
          )}
        </div>
      )}
      {save.isError && (
        <Alert variant="destructive" role="alert">
          <CircleAlert aria-hidden="true" />
          <span>The call flow could not be saved: {serverErrorMessage(save.error)}</span>
        </Alert>
      )}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <DialogClose asChild>
          <Button variant="outline" disabled={save.isPending}>
            Cancel
          </Button>
        </DialogClose>
        <Button onClick={onSave} disabled={save.isPending || flows.isPending || flows.isError || picked === current}>
          {save.isPending && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          Save
        </Button>
      </div>
    </div>
  )
}
