/** The test call form's values and how they become the simulate request. */
import { z } from 'zod'
import type { SimulateInput, TargetPreview } from '@/api/types'
import { formatCount } from '@/lib/format'

export const testCallSchema = z.object({
  callerNumber: z
    .string()
    .trim()
    .min(1, 'Enter the caller’s number')
    .refine((v) => v.replace(/\D/g, '').length >= 7, 'Enter a phone number, e.g. (212) 555-0100'),
  callerState: z
    .string()
    .trim()
    .refine((v) => v === '' || /^[A-Za-z]{2}$/.test(v), 'Two letters, e.g. NY'),
  /** `YYYY-MM-DDTHH:mm` (a datetime-local value) read as UTC; empty for now. */
  at: z.string(),
  /** RTB campaigns: also run a real test auction against the bidders. */
  runAuction: z.boolean(),
})
export type TestCallValues = z.infer<typeof testCallSchema>

export const testCallDefaults: TestCallValues = { callerNumber: '', callerState: '', at: '', runAuction: false }

/** "2026-11-25T15:00" (UTC) -> "2026-11-25T15:00:00Z"; empty -> undefined (now). */
export function utcRfc3339(local: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/.exec(local.trim())
  if (!match) return undefined
  return `${match[1]}T${match[2]}${match[3] ?? ':00'}Z`
}

/** The request; `runAuction` is sent only for an RTB campaign (`rtb`) and only when asked. */
export function toSimulateInput(values: TestCallValues, { rtb = false }: { rtb?: boolean } = {}): SimulateInput {
  const input: SimulateInput = { callerNumber: values.callerNumber.trim() }
  const state = values.callerState.trim().toUpperCase()
  if (state) input.callerState = state
  const at = utcRfc3339(values.at)
  if (at) input.at = at
  if (rtb && values.runAuction) input.runAuction = true
  return input
}

/** A bidder's name from the preview's targets, or "Target #7" when it is not listed. */
export function bidderName(targets: readonly TargetPreview[], rtbTargetId: number): string {
  return targets.find((t) => t.rtbTargetId === rtbTargetId)?.name ?? `Target #${rtbTargetId}`
}

/** 3000 -> "3,000 ms". */
export function formatMs(ms: number): string {
  return `${formatCount(ms)} ms`
}
