import { useQuery } from '@tanstack/react-query'
import { toast } from 'sonner'
import { getCallFlow, useDeleteCallFlow } from '@/api/callFlows'
import { queryKeys } from '@/api/queryKeys'
import { ConfirmDialog } from '@/components/shared/ConfirmDialog'
import { Skeleton } from '@/components/ui/skeleton'
import { formatPhone } from '@/lib/format'

/** Who runs the flow (read fresh when the dialog opens): campaigns and tracking numbers. */
function useFlowUsage(id: number | undefined) {
  return useQuery({
    queryKey: queryKeys.callFlows.usage(id ?? 0),
    queryFn: ({ signal }) => getCallFlow(id ?? 0, signal),
    enabled: id !== undefined,
    staleTime: 0,
    select: (flow) => ({ campaigns: flow.campaigns ?? [], numbers: flow.numbers ?? [] }),
  })
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

export function DeleteCallFlowDialog({
  flow,
  onClose,
  onDeleted,
}: {
  flow: { id: number; name: string } | undefined
  onClose: () => void
  onDeleted?: () => void
}) {
  const remove = useDeleteCallFlow()
  const usage = useFlowUsage(flow?.id)
  const campaigns = usage.data?.campaigns ?? []
  const numbers = usage.data?.numbers ?? []
  const used = campaigns.length > 0 || numbers.length > 0
  return (
    <ConfirmDialog
      open={flow !== undefined}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset()
          onClose()
        }
      }}
      title="Delete call flow?"
      description={
        <span className="flex flex-col gap-2">
          <span>“{flow?.name}” and its draft are deleted. Its published versions stay with the calls that ran them.</span>
          {usage.isPending && flow !== undefined && <Skeleton className="h-4 w-3/4" aria-label="Checking who runs this flow" />}
          {used && (
            <span className="text-foreground" data-testid="flow-usage">
              It cannot be deleted while it runs:
              {campaigns.length > 0 && (
                <span className="block">
                  {campaigns.length === 1 ? 'campaign' : 'campaigns'} {list(campaigns.map((c) => `“${c.name}”`))}
                </span>
              )}
              {numbers.length > 0 && (
                <span className="block">
                  {numbers.length === 1 ? 'number' : 'numbers'} {list(numbers.map((n) => formatPhone(n.phoneNumber)))}
                </span>
              )}
              <span className="mt-1 block text-muted-foreground">
                Choose another flow (or none) on those campaigns&apos; pages and for those numbers on the Phone Numbers page first.
              </span>
            </span>
          )}
        </span>
      }
      confirmLabel="Delete call flow"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        flow &&
        remove.mutate(flow.id, {
          onSuccess: () => {
            toast.success(`Call flow “${flow.name}” deleted`)
            onClose()
            onDeleted?.()
          },
        })
      }
    />
  )
}
