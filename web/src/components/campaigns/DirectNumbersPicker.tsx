import { Phone } from 'lucide-react'
import { useId, useMemo, useState } from 'react'
import { useController, useFormContext } from 'react-hook-form'
import { Link } from 'react-router'
import { useUnassignedNumbers } from '@/api/phoneNumbers'
import { EmptyState } from '@/components/shared/EmptyState'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { Input } from '@/components/ui/input'
import { Skeleton } from '@/components/ui/skeleton'
import { formatPhone } from '@/lib/format'
import type { CampaignFormValues } from './campaignForm'

export interface PickableNumber {
  id: number
  phoneNumber: string
  friendlyName?: string | null
  poolName?: string | null
}

/** Step 2 of a direct campaign: tick the tracking numbers it answers on. */
export function DirectNumbersPicker({ assigned = [] }: { assigned?: readonly PickableNumber[] }) {
  const id = useId()
  const { control } = useFormContext<CampaignFormValues>()
  const { field, fieldState } = useController({ control, name: 'phoneNumberIds' })
  const numbers = useUnassignedNumbers()
  const [search, setSearch] = useState('')

  const all = useMemo(() => {
    const byId = new Map<number, PickableNumber>()
    for (const n of assigned) byId.set(n.id, n)
    for (const n of numbers.data?.items ?? []) if (!byId.has(n.id)) byId.set(n.id, n)
    return [...byId.values()]
  }, [assigned, numbers.data])

  const needle = search.trim().toLowerCase()
  const digits = needle.replace(/\D/g, '')
  const shown = needle
    ? all.filter(
        (n) =>
          (digits !== '' && n.phoneNumber.includes(digits)) ||
          (n.friendlyName ?? '').toLowerCase().includes(needle),
      )
    : all
  const selected = new Set(field.value)
  const error = fieldState.error?.message

  function toggle(numberId: number, on: boolean) {
    field.onChange(on ? [...field.value, numberId] : field.value.filter((v) => v !== numberId))
  }

  return (
    <fieldset
      className="flex flex-col gap-3"
      aria-describedby={error ? `${id}-error` : `${id}-hint`}
      aria-invalid={error ? true : undefined}
    >
      <legend className="text-sm font-medium">Tracking numbers</legend>
      <p id={`${id}-hint`} className="-mt-1 text-sm text-muted-foreground">
        Calls to the numbers you tick are routed to this campaign. Only numbers not used by another campaign are listed.
      </p>
      {error && (
        <p id={`${id}-error`} className="text-sm text-destructive" data-slot="field-error">
          {error}
        </p>
      )}
      {numbers.isError ? (
        <QueryErrorAlert title="The available numbers could not be loaded." error={numbers.error} onRetry={() => void numbers.refetch()} />
      ) : numbers.isPending ? (
        <div className="flex flex-col gap-2">
          <Skeleton className="h-9 w-full" />
          <Skeleton className="h-9 w-full" />
        </div>
      ) : all.length === 0 ? (
        <div className="rounded-lg border border-dashed border-border">
          <EmptyState
            icon={Phone}
            title="No available numbers"
            description="Every number is in use, or none has been added yet. You can save the campaign as a draft and add numbers later."
            action={
              <Button asChild variant="outline" size="sm">
                <Link to="/phone-numbers">Manage phone numbers</Link>
              </Button>
            }
          />
        </div>
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <Input
              type="search"
              aria-label="Search numbers"
              placeholder="Search by number or name"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              className="w-64 max-w-full"
            />
            <span className="text-sm text-muted-foreground" aria-live="polite">
              {field.value.length} selected
            </span>
          </div>
          {/* `relative`: the checkboxes' hidden form inputs are positioned absolutely; without it they
              escape the scrolling list and stretch the page below the wizard. */}
          <ul ref={field.ref} tabIndex={-1} className="relative max-h-80 divide-y divide-border overflow-y-auto rounded-lg border border-border outline-none">
            {shown.map((n) => {
              const checkboxId = `${id}-n${n.id}`
              return (
                <li key={n.id} className="flex items-center gap-3 px-3 py-2">
                  <Checkbox
                    id={checkboxId}
                    checked={selected.has(n.id)}
                    onCheckedChange={(checked) => toggle(n.id, checked === true)}
                  />
                  <label htmlFor={checkboxId} className="flex flex-1 flex-wrap items-baseline gap-x-2 text-sm">
                    <span className="font-medium tabular-nums">{formatPhone(n.phoneNumber)}</span>
                    {n.friendlyName && <span className="text-muted-foreground">{n.friendlyName}</span>}
                    {n.poolName && <span className="text-xs text-muted-foreground">Pool: {n.poolName}</span>}
                  </label>
                </li>
              )
            })}
            {shown.length === 0 && <li className="px-3 py-4 text-sm text-muted-foreground">No number matches “{search}”.</li>}
          </ul>
        </>
      )}
    </fieldset>
  )
}
