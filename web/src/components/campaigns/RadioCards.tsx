import type { LucideIcon } from 'lucide-react'
import { useFormContext } from 'react-hook-form'
import { cn } from '@/lib/utils'
import type { CampaignFormValues } from './campaignForm'

/** One card of a [`RadioCards`] choice. */
export interface RadioCard<V extends string> {
  value: V
  title: string
  description: string
  icon: LucideIcon
}

type ChoiceField = 'type' | 'rtbNumberSource'

/** A form choice shown as radio cards: the field's value is the card picked. */
export function RadioCards<V extends string>({
  name,
  legend,
  cards,
  className,
  gridClassName,
}: {
  name: ChoiceField
  legend: string
  cards: readonly RadioCard<V>[]
  className?: string
  gridClassName: string
}) {
  const { register, watch } = useFormContext<CampaignFormValues>()
  const current = watch(name)
  return (
    <fieldset className={cn('flex flex-col gap-2', className)}>
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      <div className={cn('grid gap-3', gridClassName)}>
        {cards.map(({ value, title, description, icon: Icon }) => (
          <label
            key={value}
            className={cn(
              'flex cursor-pointer items-start gap-3 rounded-lg border border-border p-3 transition-colors hover:bg-muted/60',
              'has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring',
              current === value && 'border-primary bg-accent/60',
            )}
          >
            <input type="radio" value={value} className="sr-only" {...register(name)} />
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
