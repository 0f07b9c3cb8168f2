import { CircleCheck, CircleX, TriangleAlert } from 'lucide-react'
import { Link } from 'react-router'
import type { ReadinessCheck } from '@/api/types'
import { fixLabel, sentence } from './readiness'

function itemState(c: ReadinessCheck): { icon: typeof CircleCheck; className: string; text: string } {
  if (c.ok) return { icon: CircleCheck, className: 'text-emerald-600 dark:text-emerald-400', text: 'Done' }
  if (c.required) return { icon: CircleX, className: 'text-destructive', text: 'Missing' }
  return { icon: TriangleAlert, className: 'text-amber-600 dark:text-amber-400', text: 'Warning' }
}

/**
 * The items of an activation checklist: a green check when done, a red cross when a required
 * item is missing, amber for a warning; each with its message and (when `fixHref` is given and
 * the item is not done) a link to the place that fixes it.
 */
export function ReadinessChecklist({
  checks,
  fixHref,
  label = 'Activation checklist',
}: {
  checks: readonly ReadinessCheck[]
  fixHref?: (check: ReadinessCheck) => string | undefined
  label?: string
}) {
  return (
    <ul className="flex flex-col divide-y divide-border text-sm" aria-label={label}>
      {checks.map((c) => {
        const state = itemState(c)
        const Icon = state.icon
        const href = !c.ok ? fixHref?.(c) : undefined
        return (
          <li key={c.key} className="flex items-start gap-3 py-2 first:pt-0 last:pb-0">
            <Icon className={`mt-0.5 size-4 shrink-0 ${state.className}`} aria-hidden="true" />
            <div className="flex min-w-0 flex-1 flex-col gap-0.5">
              <span className="font-medium">
                <span className="sr-only">{state.text}: </span>
                {c.label}
                {!c.required && <span className="ml-1.5 text-xs font-normal text-muted-foreground">(warning)</span>}
              </span>
              <span className="text-muted-foreground">{sentence(c.message)}</span>
              {href && (
                <Link to={href} className="w-fit text-primary underline-offset-2 hover:underline">
                  {fixLabel(c.key)}
                  <span className="sr-only"> for {c.label}</span>
                </Link>
              )}
            </div>
          </li>
        )
      })}
    </ul>
  )
}
