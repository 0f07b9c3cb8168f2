import { fireEvent, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { phoneNumber } from '@/test/fixtures'
import { bodyOf, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'
import { AddPoolNumbersDialog } from './AddPoolNumbersDialog'

describe('adding numbers to a pool', () => {
  it('adds picked unassigned numbers by id', async () => {
    const fetchMock = mockFetch({
      'GET /api/phone-numbers': () =>
        listResponse([phoneNumber(), phoneNumber({ id: 12, phoneNumber: '+12125550101', poolId: 9, poolName: 'West' })]),
      'POST /api/pools/3/numbers': () => jsonResponse({ added: 1, numbers: [] }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AddPoolNumbersDialog poolId={3} open onOpenChange={() => {}} />)
    await user.click(await screen.findByRole('checkbox', { name: /555-0100/ }))
    // A number in another pool cannot be picked.
    expect(screen.getByRole('checkbox', { name: /555-0101/ })).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'Add 1 number' }))
    await waitFor(() => expect(bodyOf(fetchMock, 'POST /api/pools/3/numbers')).toEqual({ phoneNumberIds: [11] }))
  })

  it('sends typed numbers one per line, and shows which pool holds a number on a 409', async () => {
    const fetchMock = mockFetch({
      'GET /api/phone-numbers': () => listResponse([]),
      'POST /api/pools/3/numbers': () =>
        errorResponse(409, 'CONFLICT', 'Number held by another pool', {
          field: 'phoneNumbers',
          reason: '+1 (646) 555-0101 already belongs to another pool',
          heldBy: { kind: 'pool', id: 9, name: 'West Coast' },
        }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AddPoolNumbersDialog poolId={3} open onOpenChange={() => {}} />)
    await user.click(screen.getByRole('tab', { name: /Enter numbers/ }))
    fireEvent.change(screen.getByLabelText('Numbers, one per line'), { target: { value: '(212) 555-0100\n\n  +1 646 555 0101  \n' } })
    await user.click(screen.getByRole('button', { name: 'Add 2 numbers' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'No number was added.+1 (646) 555-0101 already belongs to another pool (held by pool “West Coast”)',
    )
    expect(bodyOf(fetchMock, 'POST /api/pools/3/numbers')).toEqual({ phoneNumbers: ['(212) 555-0100', '+1 646 555 0101'] })
  })
})
