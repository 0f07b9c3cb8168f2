import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { listResponse, mockFetch, renderWithProviders } from '@/test/render'
import { CallFilters } from './CallFilters'

describe('call filters', () => {
  it('says so next to the field when max revenue is below min revenue, and sends nothing', async () => {
    mockFetch({ 'GET /api/campaigns': () => listResponse([]), 'GET /api/buyers': () => listResponse([]) })
    const onChange = vi.fn()
    renderWithProviders(<CallFilters filters={{ minRevenue: '10' }} onChange={onChange} hasFilters onClear={() => {}} />)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Max revenue'), '5')
    expect(await screen.findByText('At least the min revenue (10)')).toBeVisible()
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(onChange).not.toHaveBeenCalledWith('maxRevenue', '5')
    await user.type(screen.getByLabelText('Max revenue'), '0')
    expect(screen.queryByText('At least the min revenue (10)')).toBeNull()
  })
})
