import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/client'
import type { BuyerInput } from '@/api/types'
import { buyer } from '@/test/fixtures'
import { renderWithProviders } from '@/test/render'
import { BuyerForm } from './BuyerForm'

describe('buyer form', () => {
  it('sends every field in the API shape', async () => {
    const onSave = vi.fn(async (_input: BuyerInput) => {})
    const user = userEvent.setup()
    renderWithProviders(<BuyerForm onSave={onSave} onCancel={() => {}} />)
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Acme Insurance')
    await user.type(screen.getByRole('textbox', { name: 'Company' }), 'Acme Corp')
    await user.type(screen.getByRole('textbox', { name: 'Phone' }), '(212) 555-0111')
    await user.type(screen.getByRole('textbox', { name: 'Max concurrent calls' }), '5')
    await user.type(screen.getByRole('textbox', { name: 'Daily cap' }), '100')
    await user.clear(screen.getByRole('textbox', { name: 'Payout per call' }))
    await user.type(screen.getByRole('textbox', { name: 'Payout per call' }), '30.50')
    await user.click(screen.getByRole('button', { name: 'Add buyer' }))

    expect(onSave).toHaveBeenCalledTimes(1)
    expect(onSave.mock.calls[0]?.[0]).toMatchObject({
      name: 'Acme Insurance',
      company: 'Acme Corp',
      email: null,
      phone: '(212) 555-0111',
      backupPhone: null,
      priority: 5,
      status: 'active',
      maxConcurrentCalls: 5,
      hourlyCap: null,
      dailyCallCap: 100,
      monthlyCap: null,
      payout: '30.50',
      schedule: { enabled: false, holidays: [], breaks: [] },
    })
  })

  it("shows the server's 422 under the field (the caps validator's dailyCap is the Daily cap)", async () => {
    const onSave = vi.fn(async () => {
      throw new ApiError(422, 'VALIDATION_ERROR', 'Invalid buyer', { field: 'dailyCap', reason: 'must not exceed the monthly cap' })
    })
    const user = userEvent.setup()
    renderWithProviders(<BuyerForm buyer={buyer()} onSave={onSave} onCancel={() => {}} />)
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    const dailyCap = await screen.findByRole('textbox', { name: 'Daily cap' })
    expect(dailyCap).toHaveAttribute('aria-invalid', 'true')
    expect(dailyCap).toHaveAccessibleDescription('must not exceed the monthly cap')
  })

  it('shows a phone 422 under Phone', async () => {
    const onSave = vi.fn(async () => {
      throw new ApiError(422, 'VALIDATION_ERROR', 'Invalid buyer', { field: 'phone', reason: 'not a valid phone number' })
    })
    const user = userEvent.setup()
    renderWithProviders(<BuyerForm buyer={buyer()} onSave={onSave} onCancel={() => {}} />)
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    expect(await screen.findByRole('textbox', { name: 'Phone' })).toHaveAccessibleDescription('not a valid phone number')
  })
})
