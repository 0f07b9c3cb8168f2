import { fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { Schedule } from '@/api/types'
import { emptySchedule, normalizeSchedule, scheduleProblems } from './schedule'
import { ScheduleEditor } from './ScheduleEditor'

function Harness({ initial, onChange }: { initial: Schedule; onChange: (s: Schedule) => void }) {
  const [value, setValue] = useState(initial)
  return (
    <ScheduleEditor
      value={value}
      onChange={(next) => {
        setValue(next)
        onChange(next)
      }}
    />
  )
}

describe('schedule editor', () => {
  it("produces the contract's JSON: every weekday, windows, holidays and breaks", async () => {
    const onChange = vi.fn()
    const user = userEvent.setup()
    render(<Harness initial={emptySchedule()} onChange={onChange} />)

    expect(screen.getByText('Off: the buyer takes calls at any time.')).toBeInTheDocument()
    await user.click(screen.getByRole('switch', { name: 'Business hours' }))

    // Monday 09:00-12:00 and 13:00-17:00, copied to the weekdays; Saturday 10:00-14:00.
    await user.click(screen.getByRole('checkbox', { name: 'Monday' }))
    fireEvent.change(screen.getByLabelText('Monday window 1 end'), { target: { value: '12:00' } })
    await user.click(screen.getByRole('button', { name: 'Add a window on Monday' }))
    fireEvent.change(screen.getByLabelText('Monday window 2 start'), { target: { value: '13:00' } })
    fireEvent.change(screen.getByLabelText('Monday window 2 end'), { target: { value: '17:00' } })
    await user.click(screen.getByRole('button', { name: 'Copy Monday to weekdays' }))
    await user.click(screen.getByRole('checkbox', { name: 'Saturday' }))
    fireEvent.change(screen.getByLabelText('Saturday window 1 start'), { target: { value: '10:00' } })
    fireEvent.change(screen.getByLabelText('Saturday window 1 end'), { target: { value: '14:00' } })

    // Holidays are kept sorted.
    fireEvent.change(screen.getByLabelText('Holiday date'), { target: { value: '2026-12-25' } })
    await user.click(screen.getByRole('button', { name: 'Add holiday' }))
    fireEvent.change(screen.getByLabelText('Holiday date'), { target: { value: '2026-01-01' } })
    await user.click(screen.getByRole('button', { name: 'Add holiday' }))

    // A break on Monday and Tuesday at lunch.
    await user.click(screen.getByRole('button', { name: 'Add break' }))
    const days = screen.getByRole('group', { name: 'Days of break 1' })
    for (const day of ['Wednesday', 'Thursday', 'Friday']) await user.click(within(days).getByRole('button', { name: day }))
    expect(within(days).getByRole('button', { name: 'Monday' })).toHaveAttribute('aria-pressed', 'true')
    expect(within(days).getByRole('button', { name: 'Friday' })).toHaveAttribute('aria-pressed', 'false')

    const last = onChange.mock.calls.at(-1)?.[0] as Schedule
    const morningAndAfternoon = [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]
    expect(JSON.parse(JSON.stringify(last))).toEqual({
      enabled: true,
      hours: {
        mon: morningAndAfternoon,
        tue: morningAndAfternoon,
        wed: morningAndAfternoon,
        thu: morningAndAfternoon,
        fri: morningAndAfternoon,
        sat: [{ start: '10:00', end: '14:00' }],
        sun: [],
      },
      holidays: ['2026-01-01', '2026-12-25'],
      breaks: [{ days: ['mon', 'tue'], start: '12:00', end: '13:00' }],
    })
    expect(scheduleProblems(last)).toEqual({})
  })

  it('marks a window that ends before it starts, and removing a day closes it', async () => {
    const onChange = vi.fn()
    const user = userEvent.setup()
    render(<Harness initial={{ ...emptySchedule(), enabled: true }} onChange={onChange} />)
    await user.click(screen.getByRole('checkbox', { name: 'Sunday' }))
    fireEvent.change(screen.getByLabelText('Sunday window 1 end'), { target: { value: '08:00' } })
    expect(screen.getByLabelText('Sunday window 1 end')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('Sunday window 1 start')).toHaveAccessibleDescription('The end must be after the start')

    await user.click(screen.getByRole('button', { name: 'Remove Sunday window 1' }))
    expect((onChange.mock.calls.at(-1)?.[0] as Schedule).hours.sun).toEqual([])
    expect(screen.getByRole('group', { name: 'Sunday' })).toHaveTextContent('Closed')
  })

  it('normalizes what the server sends: missing days become closed', () => {
    expect(normalizeSchedule({ enabled: true, hours: { wed: [{ start: '08:00', end: '24:00' }] }, holidays: [], breaks: [] })).toEqual({
      enabled: true,
      hours: { mon: [], tue: [], wed: [{ start: '08:00', end: '24:00' }], thu: [], fri: [], sat: [], sun: [] },
      holidays: [],
      breaks: [],
    })
    expect(scheduleProblems(normalizeSchedule({ enabled: true, hours: { mon: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] } }))).toEqual({
      'hours.mon': "Monday's windows overlap",
    })
  })
})
