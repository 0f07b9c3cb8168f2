import { useFormContext } from 'react-hook-form'
import { Link } from 'react-router'
import { usePoolOptions } from '@/api/pools'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Input } from '@/components/ui/input'
import { formatCount, pluralize } from '@/lib/format'
import { optionsOf, poolStrategyLabels } from '@/lib/labels'
import type { CampaignFormValues } from './campaignForm'

/** Step 2 of a pool campaign: the pool, how numbers are picked and how many to allocate. */
export function PoolAllocationFields({ assignedCount = 0 }: { assignedCount?: number }) {
  const {
    control,
    register,
    watch,
    formState: { errors },
  } = useFormContext<CampaignFormValues>()
  const pools = usePoolOptions()
  const poolId = watch('poolId')
  const wanted = Number(watch('allocateCount') || 0)
  const pool = pools.data?.items.find((p) => String(p.id) === poolId)
  // Numbers the campaign would end up with: those it holds plus what the pool has free.
  const reachable = pool ? assignedCount + pool.availableNumbers : undefined
  const short = reachable !== undefined && Number.isFinite(wanted) && wanted > reachable

  if (pools.isError) {
    return <QueryErrorAlert title="The number pools could not be loaded." error={pools.error} onRetry={() => void pools.refetch()} />
  }
  const options = (pools.data?.items ?? []).map((p) => ({
    value: String(p.id),
    label: `${p.name} (${formatCount(p.availableNumbers)} available)`,
    disabled: p.status !== 'active' && String(p.id) !== poolId,
  }))

  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <FormSelect
        control={control}
        name="poolId"
        label="Number pool"
        required
        options={options}
        placeholder={pools.isPending ? 'Loading pools…' : options.length === 0 ? 'No pools yet' : 'Choose a pool'}
        hint={
          options.length === 0 && !pools.isPending ? (
            <>
              Create one on the <Link className="text-primary underline" to="/pools">Number Pools</Link> page first.
            </>
          ) : (
            'Numbers are taken from this pool and used by this campaign only.'
          )
        }
      />
      <FormSelect
        control={control}
        name="poolStrategy"
        label="Pool strategy"
        options={optionsOf(poolStrategyLabels)}
        hint="Round-robin spreads calls over the numbers; priority uses them in order."
      />
      <FormField
        label="Numbers to allocate"
        error={errors.allocateCount?.message}
        hint={
          short && pool ? (
            <span className="text-amber-700 dark:text-amber-400" role="status">
              {pool.name} has only {pluralize(pool.availableNumbers, 'free number')}
              {assignedCount ? ` (and this campaign holds ${formatCount(assignedCount)})` : ''}: the campaign would get {formatCount(reachable)}, not{' '}
              {formatCount(wanted)}.
            </span>
          ) : pool ? (
            `${formatCount(pool.availableNumbers)} available in ${pool.name}${assignedCount ? `; ${formatCount(assignedCount)} already allocated` : ''}.`
          ) : (
            'How many numbers of the pool this campaign holds.'
          )
        }
      >
        {(p) => (
          <Input {...p} type="number" inputMode="numeric" min={0} max={reachable} {...register('allocateCount')} />
        )}
      </FormField>
    </div>
  )
}
