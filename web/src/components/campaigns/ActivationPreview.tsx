import { useFormContext } from 'react-hook-form'
import { useCampaignReadiness } from '@/api/campaigns'
import { usePoolOptions } from '@/api/pools'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Skeleton } from '@/components/ui/skeleton'
import { usesPool, type CampaignFormValues } from './campaignForm'
import { localReadiness } from './readiness'
import { ReadinessChecklist } from './ReadinessChecklist'

/**
 * The wizard's last step: what the campaign still needs before it can go live, so the user
 * knows why activation would be refused. A saved campaign asks the server; a new one is
 * checked from the form's values.
 */
export function ActivationPreview({ campaignId }: { campaignId?: string }) {
  const { watch } = useFormContext<CampaignFormValues>()
  const values = watch()
  const readiness = useCampaignReadiness(campaignId)
  const pools = usePoolOptions(!campaignId && usesPool(values))
  const pool = pools.data?.items.find((p) => String(p.id) === values.poolId)

  let checks = campaignId ? readiness.data?.checks : localReadiness(values, pool?.availableNumbers)
  const missing = (checks ?? []).filter((c) => c.required && !c.ok)
  if (checks && !campaignId) checks = checks.filter((c) => c.required)

  return (
    <section aria-labelledby="activation-preview" className="mt-8 flex flex-col gap-3 border-t border-border pt-6">
      <h3 id="activation-preview" className="text-sm font-medium">
        Before it can go live
      </h3>
      {campaignId && readiness.isPending && <Skeleton className="h-12 w-full" />}
      {campaignId && readiness.isError && (
        <QueryErrorAlert title="The checklist could not be loaded." error={readiness.error} onRetry={() => void readiness.refetch()} />
      )}
      {checks && (
        <>
          <p className="text-sm text-muted-foreground">
            {missing.length === 0
              ? 'Everything required is in place: the campaign can be activated.'
              : `Activation is refused until ${missing.length === 1 ? 'this is' : 'these are'} fixed: ${missing.map((c) => c.label).join(', ')}. It can be saved as a draft meanwhile.`}
            {campaignId && ' This is the saved campaign; changes made here count once saved.'}
          </p>
          <ReadinessChecklist checks={checks} label="What the campaign needs to go live" />
        </>
      )}
    </section>
  )
}
