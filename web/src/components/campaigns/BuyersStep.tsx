import { Users } from 'lucide-react'
import { useFieldArray, useFormContext } from 'react-hook-form'
import { Link } from 'react-router'
import { useBuyerOptions } from '@/api/buyers'
import { EmptyState } from '@/components/shared/EmptyState'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { Skeleton } from '@/components/ui/skeleton'
import { AssignedBuyersTable } from './AssignedBuyersTable'
import { AvailableBuyersList } from './AvailableBuyersList'
import { newBuyerRow, type CampaignFormValues } from './campaignForm'

/** Step 3: which buyers take this campaign's calls, and on what terms. */
export function BuyersStep() {
  const {
    control,
    formState: { errors },
  } = useFormContext<CampaignFormValues>()
  const { fields, append, remove } = useFieldArray({ control, name: 'buyers', keyName: 'key' })
  const buyers = useBuyerOptions()
  const listError = errors.buyers?.message ?? errors.buyers?.root?.message

  const taken = new Set(fields.map((f) => f.buyerId))
  const available = (buyers.data?.items ?? []).filter((b) => !taken.has(b.id))

  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="assigned-buyers" className="flex flex-col gap-3">
        <div>
          <h3 id="assigned-buyers" className="text-sm font-medium">
            Buyers on this campaign
          </h3>
          <p className="text-sm text-muted-foreground">
            Priority 1 is tried first; weight shares calls between buyers of the same priority. Empty caps mean no limit.
          </p>
        </div>
        {listError && (
          <p role="alert" className="text-sm text-destructive" data-slot="field-error">
            {listError}
          </p>
        )}
        {fields.length === 0 ? (
          <p className="rounded-lg border border-dashed border-border px-3 py-4 text-sm text-muted-foreground">
            No buyers yet. A campaign needs at least one active buyer before it can go live.
          </p>
        ) : (
          <AssignedBuyersTable fields={fields} onRemove={remove} />
        )}
      </section>
      {buyers.isError ? (
        <QueryErrorAlert title="The buyers could not be loaded." error={buyers.error} onRetry={() => void buyers.refetch()} />
      ) : buyers.isPending ? (
        <Skeleton className="h-32 w-full" />
      ) : buyers.data.items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-border">
          <EmptyState
            icon={Users}
            title="No buyers yet"
            description="Add the buyers who receive your calls first; you can save this campaign as a draft meanwhile."
            action={
              <Button asChild variant="outline" size="sm">
                <Link to="/buyers">Manage buyers</Link>
              </Button>
            }
          />
        </div>
      ) : (
        <AvailableBuyersList
          buyers={available}
          onAdd={(buyer) => append(newBuyerRow(buyer.id, buyer.name, buyer.priority))}
        />
      )}
    </div>
  )
}
