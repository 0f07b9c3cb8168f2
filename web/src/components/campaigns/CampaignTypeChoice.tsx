import { Gavel, Layers, Phone, type LucideIcon } from 'lucide-react'
import { useFormContext } from 'react-hook-form'
import type { CampaignType } from '@/api/types'
import { cn } from '@/lib/utils'
import type { CampaignFormValues } from './campaignForm'

const CHOICES: { value: CampaignType; title: string; description: string; icon: LucideIcon }[] = [
  { value: 'direct', title: 'Direct', description: 'Calls to numbers you pick go to your buyers.', icon: Phone },
  { value: 'pool', title: 'Pool', description: 'Numbers are allocated from a number pool.', icon: Layers },
  { value: 'rtb', title: 'RTB', description: 'Each call is auctioned to bidding targets.', icon: Gavel },
]

/** The routing type as three radio cards. */
export function CampaignTypeChoice() {
  const { register, watch } = useFormContext<CampaignFormValues>()
  const current = watch('type')
  return (
    <fieldset className="flex flex-col gap-2 sm:col-span-2">
      <legend className="mb-2 text-sm font-medium">Routing type</legend>
      <div className="grid gap-3 sm:grid-cols-3">
        {CHOICES.map(({ value, title, description, icon: Icon }) => (
          <label
            key={value}
            className={cn(
              'flex cursor-pointer items-start gap-3 rounded-lg border border-border p-3 transition-colors hover:bg-muted/60',
              'has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring',
              current === value && 'border-primary bg-accent/60',
            )}
          >
            <input type="radio" value={value} className="sr-only" {...register('type')} />
            <Icon className={cn('mt-0.5 size-4 shrink-0', current === value ? 'text-primary' : 'text-muted-foreground')} aria-hidden="true" />
            <span className="flex flex-col gap-0.5">
              <span className="text-sm font-medium">{title}</span>
              <span className="text-xs text-muted-foreground">{description}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
