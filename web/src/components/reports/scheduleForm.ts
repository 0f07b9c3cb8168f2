/** A saved report's schedule as its form keeps it, checked as the server checks it. */
import { z } from 'zod'
import type { Frequency, ReportSchedule } from '@/api/reports'
import { normalizeApiField } from '@/lib/serverErrors'

/** The most recipients a schedule may have. */
export const MAX_RECIPIENTS = 20

/** Addresses separated by commas, semicolons, spaces or lines, without blanks. */
export function splitRecipients(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean)
}

const email = z.email()

export const scheduleFormSchema = z
  .object({
    frequency: z.enum(['none', 'daily', 'weekly']),
    weekday: z.string().regex(/^[1-7]$/, 'Choose a weekday'),
    hour: z.string().regex(/^([01]?\d|2[0-3])$/, 'Choose an hour'),
    recipients: z.string(),
  })
  .superRefine((v, ctx) => {
    const list = splitRecipients(v.recipients)
    const invalid = list.filter((address) => !email.safeParse(address).success)
    if (invalid.length > 0) {
      const shown = invalid.slice(0, 3).join(', ')
      ctx.addIssue({
        code: 'custom',
        path: ['recipients'],
        message: invalid.length === 1 ? `Not an e-mail address: ${shown}` : `Not e-mail addresses: ${shown}${invalid.length > 3 ? '…' : ''}`,
      })
    } else if (list.length > MAX_RECIPIENTS) {
      ctx.addIssue({ code: 'custom', path: ['recipients'], message: `At most ${MAX_RECIPIENTS} recipients` })
    } else if (v.frequency !== 'none' && list.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['recipients'], message: 'Add at least one recipient to schedule the report' })
    }
  })

export type ScheduleFormValues = z.infer<typeof scheduleFormSchema>

export function scheduleToValues(schedule: ReportSchedule): ScheduleFormValues {
  return {
    frequency: schedule.frequency,
    weekday: String(schedule.weekday || 1),
    hour: String(schedule.hour ?? 8),
    recipients: schedule.recipients.join('\n'),
  }
}

/** Duplicates are dropped (case-insensitively), the first spelling kept. */
export function valuesToSchedule(v: ScheduleFormValues): ReportSchedule {
  const seen = new Set<string>()
  const recipients = splitRecipients(v.recipients).filter((address) => {
    const key = address.toLowerCase()
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return { frequency: v.frequency as Frequency, weekday: Number(v.weekday), hour: Number(v.hour), recipients }
}

/** `schedule.recipients[3]` -> recipients, `schedule.hour` -> hour. */
export function scheduleFieldFor(apiField: string): keyof ScheduleFormValues | undefined {
  const path = normalizeApiField(apiField).replace(/^schedule\./, '')
  const head = path.split('.')[0]
  return head === 'frequency' || head === 'weekday' || head === 'hour' || head === 'recipients' ? head : undefined
}
