import { useMutation, useQueryClient } from '@tanstack/react-query'
import { LoaderCircle, Save } from 'lucide-react'
import { useId, useState } from 'react'
import { Link } from 'react-router'
import { toast } from 'sonner'
import { useCallFlowOptions } from '@/api/callFlows'
import { patchCampaign } from '@/api/campaigns'
import { isApiError } from '@/api/client'
import { queryKeys } from '@/api/queryKeys'
import type { Campaign } from '@/api/types'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Label } from '@/components/ui/label'
import { Skeleton } from '@/components/ui/skeleton'
import { serverErrorMessage } from '@/lib/serverErrors'
import { usePermissions } from '@/hooks/usePermissions'

const NONE = 'none'

/** Sets (or clears) the call flow a campaign's live calls run: PATCH /api/campaigns/{id} `{callFlowId}`. */
function useSetCampaignCallFlow(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (callFlowId: number | null) => patchCampaign(id, { callFlowId }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.detail(id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.readiness(id) }),
        // The flows' "used by" lists change.
        queryClient.invalidateQueries({ queryKey: queryKeys.callFlows.all }),
      ]),
  })
}

/** The call flow (IVR) the campaign's calls run before routing, and a picker to change it. */
export function CampaignCallFlowCard({ campaign }: { campaign: Campaign }) {
  const { canWrite } = usePermissions()
  const id = useId()
  const flows = useCallFlowOptions()
  const save = useSetCampaignCallFlow(campaign.id)
  const current = campaign.callFlowId ?? null
  const [value, setValue] = useState<string>(current == null ? NONE : String(current))
  const [savedFrom, setSavedFrom] = useState(current)
  // The campaign was reloaded with another flow (saved here or elsewhere): follow it.
  if (savedFrom !== current) {
    setSavedFrom(current)
    setValue(current == null ? NONE : String(current))
  }

  const items = flows.data?.items ?? []
  const chosen = current == null ? undefined : items.find((f) => f.id === current)
  const picked = value === NONE ? null : Number(value)
  const changed = picked !== current
  const fieldError = isApiError(save.error) && save.error.details?.field === 'callFlowId'
  const options = [
    { value: NONE, label: 'None' },
    ...items.map((f) => ({ value: String(f.id), label: f.publishedVersion == null ? `${f.name} (not published)` : f.name })),
    // A flow beyond the first 100 stays pickable as it is.
    ...(current != null && !chosen && flows.data ? [{ value: String(current), label: `Call flow #${current}` }] : []),
  ]

  const onSave = () => {
    save.mutate(picked, {
      onSuccess: () => toast.success(picked == null ? 'The campaign no longer runs a call flow' : 'Call flow saved'),
    })
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Call flow</CardTitle>
        <CardDescription>The IVR callers go through before the call is routed.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {current == null ? (
          <p className="text-sm text-muted-foreground">No call flow: calls are routed as soon as they come in.</p>
        ) : flows.isPending ? (
          <Skeleton className="h-5 w-48" />
        ) : (
          <div className="flex flex-col gap-2 text-sm" aria-label="Chosen call flow" role="group">
            <p className="flex flex-wrap items-center gap-2">
              <Link to={`/call-flows/${current}`} className="font-medium text-primary hover:underline">
                {chosen?.name ?? `Call flow #${current}`}
              </Link>
              {chosen &&
                (chosen.publishedVersion != null ? (
                  <Badge variant="success">Published: v{chosen.publishedVersion}</Badge>
                ) : (
                  <Badge variant="warning">Not published</Badge>
                ))}
            </p>
            {chosen && chosen.publishedVersion == null && (
              <Alert variant="warning">
                <p>This flow has no published version yet: calls route as if there were no flow until it is published.</p>
              </Alert>
            )}
          </div>
        )}

        {!canWrite('campaigns') ? null : flows.isError ? (
          <QueryErrorAlert title="The call flows could not be loaded." error={flows.error} onRetry={() => void flows.refetch()} />
        ) : (
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={id}>Run this flow</Label>
            <div className="flex flex-wrap items-center gap-2">
              <OptionSelect
                id={id}
                className="w-full sm:w-72"
                value={value}
                onValueChange={(v) => {
                  setValue(v)
                  save.reset()
                }}
                options={options}
                disabled={flows.isPending || save.isPending}
                aria-invalid={fieldError || undefined}
                aria-describedby={save.isError ? `${id}-error` : undefined}
              />
              <Button onClick={onSave} disabled={!changed || save.isPending || flows.isPending}>
                {save.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Save aria-hidden="true" />}
                Save
              </Button>
            </div>
            {save.isError && (
              <p id={`${id}-error`} role="alert" className="text-sm text-destructive">
                The call flow could not be saved: {serverErrorMessage(save.error)}
              </p>
            )}
            {flows.data && items.length === 0 && (
              <p className="text-xs text-muted-foreground">
                This account has no call flow yet. <Link to="/call-flows" className="text-primary hover:underline">Create one</Link>
              </p>
            )}
          </div>
        )}
      </CardContent>
    </Card>
  )
}
