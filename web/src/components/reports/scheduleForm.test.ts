import { describe, expect, it } from 'vitest'
import { scheduleFieldFor, scheduleFormSchema, scheduleToValues, splitRecipients, valuesToSchedule } from './scheduleForm'

describe('schedule values', () => {
  it('split recipients on commas, semicolons, spaces and lines', () => {
    expect(splitRecipients(' a@x.com,b@y.com;\n\n c@z.com  d@w.com ,')).toEqual(['a@x.com', 'b@y.com', 'c@z.com', 'd@w.com'])
    expect(splitRecipients('   ')).toEqual([])
  })

  it('round-trip a schedule, dropping repeated addresses', () => {
    const schedule = { frequency: 'weekly' as const, weekday: 7, hour: 23, recipients: ['a@x.com', 'b@y.com'] }
    expect(valuesToSchedule(scheduleToValues(schedule))).toEqual(schedule)
    expect(valuesToSchedule({ ...scheduleToValues(schedule), recipients: 'a@x.com\nA@X.com, b@y.com' }).recipients).toEqual(['a@x.com', 'b@y.com'])
  })

  it('need a recipient only when scheduled', () => {
    const base = { frequency: 'none', weekday: '1', hour: '8', recipients: '' }
    expect(scheduleFormSchema.safeParse(base).success).toBe(true)
    expect(scheduleFormSchema.safeParse({ ...base, frequency: 'daily' }).success).toBe(false)
    expect(scheduleFormSchema.safeParse({ ...base, frequency: 'daily', recipients: 'a@x.com' }).success).toBe(true)
    expect(scheduleFormSchema.safeParse({ ...base, hour: '24', recipients: 'a@x.com' }).success).toBe(false)
  })

  it.each([
    ['schedule.recipients[3]', 'recipients'],
    ['recipients', 'recipients'],
    ['schedule.hour', 'hour'],
    ['schedule.weekday', 'weekday'],
    ['spec.metrics', undefined],
  ])('map the server field %s to %s', (apiField, formField) => {
    expect(scheduleFieldFor(apiField)).toBe(formField)
  })
})
