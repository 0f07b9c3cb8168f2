import { Check } from 'lucide-react'
import { cn } from '@/lib/utils'
import type { WizardStep } from './campaignForm'

/** The wizard's steps; the visited ones can be clicked to go back to. */
export function WizardStepper({
  steps,
  current,
  reachable,
  invalid,
  onSelect,
}: {
  steps: readonly WizardStep[]
  current: number
  /** Steps up to this index can be opened. */
  reachable: number
  /** Steps that hold a field with an error. */
  invalid: ReadonlySet<number>
  onSelect: (index: number) => void
}) {
  return (
    <nav aria-label="Campaign setup steps">
      <ol className="grid grid-cols-4 gap-2">
        {steps.map((step, index) => {
          const done = index < current
          const active = index === current
          const hasError = invalid.has(index)
          return (
            <li key={step.id}>
              <button
                type="button"
                disabled={index > reachable}
                aria-current={active ? 'step' : undefined}
                onClick={() => onSelect(index)}
                className={cn(
                  'flex h-full w-full flex-col items-center gap-1.5 rounded-lg border border-border bg-background p-2 text-center outline-none transition-colors sm:flex-row sm:gap-3 sm:p-3 sm:text-left',
                  'hover:bg-muted/60 focus-visible:ring-2 focus-visible:ring-ring disabled:cursor-not-allowed disabled:opacity-60 disabled:hover:bg-background',
                  active && 'border-primary ring-1 ring-primary',
                  hasError && 'border-destructive',
                )}
              >
                <span
                  className={cn(
                    'grid size-7 shrink-0 place-items-center rounded-full border text-xs font-semibold',
                    active && 'border-primary bg-primary text-primary-foreground',
                    done && !hasError && 'border-primary bg-accent text-primary',
                    hasError && 'border-destructive bg-red-50 text-destructive dark:bg-red-950/50',
                  )}
                  aria-hidden="true"
                >
                  {done && !hasError ? <Check className="size-3.5" /> : index + 1}
                </span>
                <span className="flex min-w-0 flex-col">
                  <span className="text-xs font-medium sm:text-sm">
                    <span className="sr-only">Step {index + 1}: </span>
                    {step.title}
                    {hasError && <span className="sr-only"> (has errors)</span>}
                  </span>
                  <span className="hidden truncate text-xs text-muted-foreground sm:block">{step.description}</span>
                </span>
              </button>
            </li>
          )
        })}
      </ol>
    </nav>
  )
}
