import { Trash2 } from 'lucide-react'
import { useFormContext, type FieldArrayWithId } from 'react-hook-form'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { cn } from '@/lib/utils'
import type { CampaignBuyerRow, CampaignFormValues } from './campaignForm'

type NumberKey = Exclude<keyof CampaignBuyerRow, 'buyerId' | 'buyerName' | 'status'>

const COLUMNS: { key: NumberKey; label: string; placeholder: string; width: string }[] = [
  { key: 'priority', label: 'Priority', placeholder: '1-10', width: 'w-20' },
  { key: 'weight', label: 'Weight', placeholder: '1-100', width: 'w-20' },
  { key: 'maxConcurrentCalls', label: 'Concurrent', placeholder: 'No limit', width: 'w-24' },
  { key: 'hourlyCap', label: 'Hourly cap', placeholder: 'No limit', width: 'w-24' },
  { key: 'dailyCap', label: 'Daily cap', placeholder: 'No limit', width: 'w-24' },
  { key: 'monthlyCap', label: 'Monthly cap', placeholder: 'No limit', width: 'w-24' },
]

/** The campaign's buyers with their per-campaign priority, weight, caps and status. */
export function AssignedBuyersTable({
  fields,
  onRemove,
}: {
  fields: FieldArrayWithId<CampaignFormValues, 'buyers', 'key'>[]
  onRemove: (index: number) => void
}) {
  const {
    register,
    watch,
    setValue,
    formState: { errors },
  } = useFormContext<CampaignFormValues>()

  return (
    <div className="overflow-hidden rounded-lg border border-border">
      <Table>
        <TableCaption>Buyers on this campaign</TableCaption>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead scope="col" sticky="left">
              Buyer
            </TableHead>
            {COLUMNS.map((c) => (
              <TableHead key={c.key} scope="col">
                {c.label}
              </TableHead>
            ))}
            <TableHead scope="col">Status</TableHead>
            <TableHead scope="col" sticky="right">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {fields.map((row, index) => {
            const rowErrors = errors.buyers?.[index]
            const messages = COLUMNS.map((c) => rowErrors?.[c.key]?.message).filter(Boolean)
            const errorId = `buyer-row-${row.key}-error`
            return (
              <TableRow key={row.key} className="align-top">
                <TableCell sticky="left" className="font-medium">
                  {row.buyerName}
                  {messages.length > 0 && (
                    <p id={errorId} className="mt-1 max-w-56 text-xs font-normal whitespace-normal text-destructive" data-slot="field-error">
                      {messages.join('. ')}
                    </p>
                  )}
                </TableCell>
                {COLUMNS.map((c) => {
                  const invalid = Boolean(rowErrors?.[c.key])
                  return (
                    <TableCell key={c.key}>
                      <Input
                        inputMode="numeric"
                        aria-label={`${c.label} for ${row.buyerName}`}
                        placeholder={c.placeholder}
                        aria-invalid={invalid || undefined}
                        aria-describedby={invalid ? errorId : undefined}
                        className={cn('h-8', c.width)}
                        {...register(`buyers.${index}.${c.key}`)}
                      />
                    </TableCell>
                  )
                })}
                <TableCell>
                  <OptionSelect
                    aria-label={`Status for ${row.buyerName}`}
                    className="h-8 w-28"
                    value={watch(`buyers.${index}.status`)}
                    onValueChange={(v) => setValue(`buyers.${index}.status`, v, { shouldDirty: true })}
                    options={[
                      { value: 'active', label: 'Active' },
                      { value: 'paused', label: 'Paused' },
                    ]}
                  />
                </TableCell>
                <TableCell sticky="right">
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    className="size-8"
                    aria-label={`Remove ${row.buyerName}`}
                    onClick={() => onRemove(index)}
                  >
                    <Trash2 aria-hidden="true" />
                  </Button>
                </TableCell>
              </TableRow>
            )
          })}
        </TableBody>
      </Table>
    </div>
  )
}
