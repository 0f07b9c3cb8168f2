/** The buyer form: schema, defaults and conversions to and from the API's `Buyer`. */
import type { Path } from 'react-hook-form'
import { z } from 'zod'
import type { Buyer, BuyerInput, Schedule } from '@/api/types'
import { phoneForInput } from '@/lib/format'
import { browserTimeZone } from '@/lib/timeZones'
import { emptySchedule, normalizeSchedule, scheduleProblems } from './schedule'

const optionalLimit = z
  .string()
  .trim()
  .refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) >= 1), 'Enter a whole number of 1 or more, or leave empty for no limit')

/** Loose phone check; the server parses and stores E.164. */
const phone = z
  .string()
  .trim()
  .refine((v) => v.replace(/\D/g, '').length >= 7, 'Enter a phone number, e.g. (212) 555-0100')

export const buyerFormSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter the buyer’s name').max(200, 'At most 200 characters'),
    company: z.string().trim().max(200, 'At most 200 characters'),
    email: z
      .string()
      .trim()
      .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'Enter an email address such as name@example.com'),
    phone,
    backupPhone: z.string().trim().refine((v) => v === '' || v.replace(/\D/g, '').length >= 7, 'Enter a phone number or leave empty'),
    priority: z.string().refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 10, 'Priority is 1 to 10'),
    status: z.enum(['active', 'inactive', 'paused']),
    maxConcurrentCalls: optionalLimit,
    hourlyCap: optionalLimit,
    dailyCallCap: optionalLimit,
    monthlyCap: optionalLimit,
    payout: z
      .string()
      .trim()
      .regex(/^\d+(\.\d{1,4})?$/, 'Enter an amount such as 25.00'),
    timeZone: z.string().min(1, 'Choose a time zone'),
    schedule: z.custom<Schedule>(),
  })
  .superRefine((v, ctx) => {
    const n = (s: string) => (s === '' ? undefined : Number(s))
    const [h, d, m] = [n(v.hourlyCap), n(v.dailyCallCap), n(v.monthlyCap)]
    if (h !== undefined && d !== undefined && h > d) ctx.addIssue({ code: 'custom', path: ['hourlyCap'], message: 'Must not exceed the daily cap' })
    if (d !== undefined && m !== undefined && d > m) ctx.addIssue({ code: 'custom', path: ['dailyCallCap'], message: 'Must not exceed the monthly cap' })
    if (v.schedule.enabled && Object.keys(scheduleProblems(v.schedule)).length > 0) {
      ctx.addIssue({ code: 'custom', path: ['schedule'], message: 'Fix the times marked in the schedule' })
    }
  })

export type BuyerFormValues = z.infer<typeof buyerFormSchema>

export function defaultBuyerValues(): BuyerFormValues {
  return {
    name: '',
    company: '',
    email: '',
    phone: '',
    backupPhone: '',
    priority: '5',
    status: 'active',
    maxConcurrentCalls: '',
    hourlyCap: '',
    dailyCallCap: '',
    monthlyCap: '',
    payout: '0.00',
    timeZone: browserTimeZone(),
    schedule: emptySchedule(),
  }
}

const isBuyerStatus = (s: string): s is BuyerFormValues['status'] => s === 'active' || s === 'inactive' || s === 'paused'
const str = (n: number | null | undefined) => (n == null ? '' : String(n))
const num = (s: string) => (s.trim() === '' ? null : Number(s.trim()))
const text = (s: string) => (s.trim() === '' ? null : s.trim())

export function buyerToValues(b: Buyer): BuyerFormValues {
  return {
    name: b.name,
    company: b.company ?? '',
    email: b.email ?? '',
    // Shown as people read them (+1 212-555-0100); the server parses any format back to E.164.
    phone: phoneForInput(b.phone),
    backupPhone: phoneForInput(b.backupPhone),
    priority: String(b.priority),
    status: isBuyerStatus(b.status) ? b.status : 'inactive',
    maxConcurrentCalls: str(b.maxConcurrentCalls),
    hourlyCap: str(b.hourlyCap),
    dailyCallCap: str(b.dailyCallCap),
    monthlyCap: str(b.monthlyCap),
    payout: b.payout,
    timeZone: b.timeZone,
    schedule: normalizeSchedule(b.schedule),
  }
}

export function valuesToBuyerInput(v: BuyerFormValues): BuyerInput {
  return {
    name: v.name.trim(),
    company: text(v.company),
    email: text(v.email),
    phone: v.phone.trim(),
    backupPhone: text(v.backupPhone),
    priority: Number(v.priority),
    status: v.status,
    maxConcurrentCalls: num(v.maxConcurrentCalls),
    hourlyCap: num(v.hourlyCap),
    dailyCallCap: num(v.dailyCallCap),
    monthlyCap: num(v.monthlyCap),
    payout: v.payout.trim(),
    timeZone: v.timeZone,
    schedule: normalizeSchedule(v.schedule),
  }
}

/** API field names that differ from the form's (the caps validator says `dailyCap`). */
export function buyerFieldFor(apiField: string): Path<BuyerFormValues> | undefined {
  if (apiField === 'dailyCap') return 'dailyCallCap'
  if (apiField === 'schedule' || apiField.startsWith('schedule.')) return 'schedule'
  return undefined
}
