import { fireEvent, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { useDateRangeParams } from '@/hooks/useDateRangeParams'
import type { RangeState } from '@/lib/dateRange'
import { jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { DateRangePicker } from './DateRangePicker'

const TODAY = '2026-03-10'

/** The picker with its state in React, reporting each change to `onChange`. */
function Controlled({ initial, onChange }: { initial: RangeState; onChange: (next: RangeState) => void }) {
  const [state, setState] = useState(initial)
  return (
    <DateRangePicker
      value={state}
      today={TODAY}
      onChange={(next) => {
        onChange(next)
        setState(next)
      }}
    />
  )
}

/** The picker with its state in the URL, and the days it resolves to. */
function InUrl() {
  const range = useDateRangeParams('last30')
  return (
    <>
      <DateRangePicker value={range.state} onChange={range.setState} today={range.today} />
      <output aria-label="Days">{`${range.days.from}..${range.days.to}${range.previous ? ` vs ${range.previous.from}..${range.previous.to}` : ''}`}</output>
    </>
  )
}

describe('DateRangePicker', () => {
  it('offers the presets and a custom range, and shows the days chosen', async () => {
    const onChange = vi.fn()
    const user = userEvent.setup()
    renderWithProviders(<Controlled initial={{ selection: { range: 'last7' }, compare: false }} onChange={onChange} />)

    const group = screen.getByRole('group', { name: 'Date range' })
    expect(group).toHaveTextContent('Mar 4 – Mar 10, 2026')
    await user.click(within(group).getByRole('combobox', { name: 'Period' }))
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual([
      'Today',
      'Yesterday',
      'Last 7 days',
      'Last 30 days',
      'This month',
      'Last month',
      'Custom range',
    ])
    await user.click(screen.getByRole('option', { name: 'Last month' }))
    expect(onChange).toHaveBeenLastCalledWith({ selection: { range: 'lastMonth' }, compare: false })
    expect(group).toHaveTextContent('Feb 1 – Feb 28, 2026')
  })

  it('turns compare on from the keyboard and says which days it compares with', async () => {
    const onChange = vi.fn()
    const user = userEvent.setup()
    renderWithProviders(<Controlled initial={{ selection: { range: 'today' }, compare: false }} onChange={onChange} />)

    const toggle = screen.getByRole('switch', { name: 'Compare to previous period' })
    toggle.focus()
    await user.keyboard(' ')
    expect(toggle).toBeChecked()
    expect(onChange).toHaveBeenLastCalledWith({ selection: { range: 'today' }, compare: true })
    expect(screen.getByRole('group', { name: 'Date range' })).toHaveTextContent('Mar 10, 2026 · compared with Mar 9, 2026')
  })

  it('starts a custom range from the current days and refuses a reversed or too long one with an inline error', async () => {
    const onChange = vi.fn()
    const user = userEvent.setup()
    renderWithProviders(<Controlled initial={{ selection: { range: 'last7' }, compare: true }} onChange={onChange} />)

    await user.click(screen.getByRole('combobox', { name: 'Period' }))
    await user.click(await screen.findByRole('option', { name: 'Custom range' }))
    expect(onChange).toHaveBeenLastCalledWith({ selection: { range: 'custom', from: '2026-03-04', to: '2026-03-10' }, compare: true })
    const from = screen.getByLabelText('From')
    const to = screen.getByLabelText('To')
    expect(from).toHaveValue('2026-03-04')
    expect(to).toHaveValue('2026-03-10')
    onChange.mockClear()

    fireEvent.change(to, { target: { value: '2026-03-01' } })
    expect(screen.getByRole('alert')).toHaveTextContent('The last day cannot be before the first')
    expect(to).toHaveAttribute('aria-invalid', 'true')
    expect(to).toHaveAccessibleDescription('The last day cannot be before the first')

    fireEvent.change(to, { target: { value: '2027-03-10' } })
    expect(screen.getByRole('alert')).toHaveTextContent('A range is at most 366 days')
    expect(onChange).not.toHaveBeenCalled()

    fireEvent.change(to, { target: { value: '2026-03-31' } })
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(onChange).toHaveBeenLastCalledWith({ selection: { range: 'custom', from: '2026-03-04', to: '2026-03-31' }, compare: true })
    expect(screen.getByRole('group', { name: 'Date range' })).toHaveTextContent('Mar 4 – Mar 31, 2026 · compared with Feb 4 – Mar 3, 2026')
  })

  it('keeps its state in the URL, so a link reproduces the view', async () => {
    mockFetch({ 'GET /api/auth/user': () => jsonResponse({ id: 1, username: 'sumit', email: 's@example.com', timeZone: 'UTC' }) })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<InUrl />, { path: '/?from=2026-01-01&to=2026-01-31&compare=1' })

    expect(screen.getByRole('combobox', { name: 'Period' })).toHaveTextContent('Custom range')
    expect(screen.getByLabelText('From')).toHaveValue('2026-01-01')
    expect(screen.getByRole('switch', { name: 'Compare to previous period' })).toBeChecked()
    expect(screen.getByRole('status', { name: 'Days' })).toHaveTextContent('2026-01-01..2026-01-31 vs 2025-12-01..2025-12-31')

    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-01-10' } })
    expect(router.state.location.search).toBe('?from=2026-01-01&to=2026-01-10&compare=1')

    await user.click(screen.getByRole('combobox', { name: 'Period' }))
    await user.click(await screen.findByRole('option', { name: 'Yesterday' }))
    expect(router.state.location.search).toBe('?range=yesterday&compare=1')
    await user.click(screen.getByRole('switch', { name: 'Compare to previous period' }))
    expect(router.state.location.search).toBe('?range=yesterday')
  })
})
