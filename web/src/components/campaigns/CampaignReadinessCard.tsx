import { LoaderCircle, Power } from 'lucide-react'
import { toast } from 'sonner'
import { useCampaignReadiness, useSetCampaignStatus } from '@/api/campaigns'
import type { Campaign } from '@/api/types'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { ReadinessChecklist } from './ReadinessChecklist'
import { stepOfCheck } from './readiness'
import { usePermissions } from '@/hooks/usePermissions'

/** The campaign's activation checklist (GET /api/campaigns/:id/readiness), with "Activate" once it passes. */
export function CampaignReadinessCard({ campaign }: { campaign: Campaign }) {
  const readiness = useCampaignReadiness(campaign.id)
  const activate = useSetCampaignStatus(campaign.id)
  const { canWrite } = usePermissions()
  const data = readiness.data
  const live = data?.status === 'active'
  const missing = data ? data.checks.filter((c) => c.required && !c.ok).length : 0
  const editHref = (step: string) => `/campaigns/${encodeURIComponent(campaign.id)}/edit?step=${step}`

  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-2">
        <div className="flex flex-col gap-1">
          <CardTitle>Activation checklist</CardTitle>
          <CardDescription>
            {!data
              ? 'What this campaign needs before it can go live.'
              : live
                ? 'The campaign is live.'
                : data.ready
                  ? 'Everything required is in place: the campaign can be activated.'
                  : `${missing} required ${missing === 1 ? 'item is' : 'items are'} missing: activation is refused until ${missing === 1 ? 'it is' : 'they are'} fixed.`}
          </CardDescription>
        </div>
        {data?.ready && !live && canWrite('campaigns') && (
          <Button
            size="sm"
            disabled={activate.isPending}
            onClick={() =>
              activate.mutate('active', {
                onSuccess: () => toast.success('Campaign activated'),
              })
            }
          >
            {activate.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Power aria-hidden="true" />}
            Activate
          </Button>
        )}
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {readiness.isPending && <Skeleton className="h-16 w-full" />}
        {readiness.isError && (
          <QueryErrorAlert title="The checklist could not be loaded." error={readiness.error} onRetry={() => void readiness.refetch()} />
        )}
        {activate.isError && <QueryErrorAlert title="The campaign could not be activated." error={activate.error} />}
        {data && <ReadinessChecklist checks={data.checks} fixHref={(c) => editHref(stepOfCheck(c.key))} />}
      </CardContent>
    </Card>
  )
}
