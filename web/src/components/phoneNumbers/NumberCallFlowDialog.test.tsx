import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { CallFlowSummary } from '@/api/callFlows'
import { Toaster } from '@/components/ui/sonner'
import { phoneNumber } from '@/test/fixtures'
import { bodyOf, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'
import { PhoneNumbersList } from './PhoneNumbersList'

function flowSummary(overrides: Partial<CallFlowSummary> = {}): CallFlowSummary {
  return {
    id: 4,
    name: 'Medicare IVR',
    description: null,
    status: 'published',
    publishedVersion: 2,
    versions: 2,
    nodeCount: 5,
    campaigns: [],
    numbers: 0,
    callsLast7Days: 0,
    updatedAt: '2026-01-05T10:00:00Z',
    ...overrides,
  }
}

const flows = [flowSummary(), flowSummary({ id: 5, name: 'Spanish menu', status: 'draft', publishedVersion: null, versions: 0 })]
const plain = phoneNumber({ campaignId: 'c-1', campaignName: 'Spring Promo' })
const withFlow = phoneNumber({ id: 12, phoneNumber: '+12125550101', friendlyName: null, callFlowId: 4, callFlowName: 'Medicare IVR' })

function renderList() {
  return renderWithProviders(
    <>
      <PhoneNumbersList onAdd={() => {}} />
      <Toaster />
    </>,
    { path: '/phone-numbers' },
  )
}

async function openDialog(user: ReturnType<typeof userEvent.setup>, number: string) {
  await user.click(await screen.findByRole('button', { name: `Call flow of ${number}` }))
  return screen.findByRole('dialog', { name: `Call flow of ${number}` })
}

describe('a number’s call flow', () => {
  it('lists each number’s own flow with a link, and the campaign’s otherwise', async () => {
    mockFetch({ 'GET /api/phone-numbers': () => listResponse([plain, withFlow]) })
    renderList()
    const table = await screen.findByRole('table', { name: 'Phone numbers' })
    expect(within(table).getByRole('columnheader', { name: 'Call flow' })).toBeInTheDocument()
    expect(await within(table).findByRole('link', { name: 'Medicare IVR' })).toHaveAttribute('href', '/call-flows/4')
    const [, first] = within(table).getAllByRole('row')
    expect(first).toHaveTextContent(/Campaign.s/)
  })

  it('chooses a flow for a number, showing drafts as such and explaining what runs', async () => {
    const fetchMock = mockFetch({
      'GET /api/phone-numbers': () => listResponse([plain, withFlow]),
      'GET /api/call-flows': () => listResponse(flows),
      'PATCH /api/phone-numbers/11': () => jsonResponse({ ...plain, callFlowId: 5, callFlowName: 'Spanish menu' }),
    })
    const user = userEvent.setup()
    renderList()
    const dialog = await openDialog(user, '+1 212-555-0100')
    expect(await within(dialog).findByText(/own flow replaces its campaign.s flow on its calls; only a published version runs/)).toBeInTheDocument()
    const select = await within(dialog).findByRole('combobox', { name: 'Call flow' })
    expect(select).toHaveTextContent('Campaign’s flow')
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled()

    await user.click(select)
    expect(await screen.findByRole('option', { name: 'Medicare IVR' })).toBeInTheDocument()
    await user.click(screen.getByRole('option', { name: 'Spanish menu (draft)' }))
    expect(within(dialog).getByRole('status')).toHaveTextContent('“Spanish menu” is not published yet')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('+1 212-555-0100 now runs “Spanish menu”')).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'PATCH /api/phone-numbers/11')).toEqual({ callFlowId: 5 })
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  it('clears a number’s flow with null, and shows why a save was refused', async () => {
    let refuse = true
    const fetchMock = mockFetch({
      'GET /api/phone-numbers': () => listResponse([plain, withFlow]),
      'GET /api/call-flows': () => listResponse(flows),
      'PATCH /api/phone-numbers/12': () =>
        refuse
          ? errorResponse(422, 'VALIDATION_ERROR', 'Invalid number', { field: 'callFlowId', reason: 'no such call flow in this account' })
          : jsonResponse({ ...withFlow, callFlowId: null, callFlowName: null }),
    })
    const user = userEvent.setup()
    renderList()
    const dialog = await openDialog(user, '+1 212-555-0101')
    const select = await within(dialog).findByRole('combobox', { name: 'Call flow' })
    expect(select).toHaveTextContent('Medicare IVR')
    await user.click(select)
    await user.click(await screen.findByRole('option', { name: /Campaign’s flow|the campaign’s flow/ }))
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The call flow could not be saved: no such call flow in this account')
    expect(select).toHaveAttribute('aria-invalid', 'true')
    expect(bodyOf(fetchMock, 'PATCH /api/phone-numbers/12')).toEqual({ callFlowId: null })

    refuse = false
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('+1 212-555-0101 runs its campaign’s flow again')).toBeInTheDocument()
  })

  it('shows why the flows could not be loaded', async () => {
    mockFetch({
      'GET /api/phone-numbers': () => listResponse([plain]),
      'GET /api/call-flows': () => errorResponse(500, 'INTERNAL_ERROR', 'Database unavailable'),
    })
    const user = userEvent.setup()
    renderList()
    const dialog = await openDialog(user, '+1 212-555-0100')
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Database unavailable')
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled()
  })
})
