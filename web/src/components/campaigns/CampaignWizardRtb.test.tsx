import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Route, Routes } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Toaster } from '@/components/ui/sonner'
import { CampaignWizardPage } from '@/pages/CampaignWizardPage'
import { buyer, campaign, phoneNumber, pool } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'
import { rtbTarget } from '@/test/rtbFixtures'

afterEach(() => vi.unstubAllGlobals())

const lists = {
  'GET /api/phone-numbers': () => listResponse([phoneNumber(), phoneNumber({ id: 12, phoneNumber: '+12125550101', friendlyName: 'NYC social' })]),
  'GET /api/buyers': () => listResponse([buyer()]),
  'GET /api/pools': () => listResponse([pool()]),
  'GET /api/rtb/targets': () => listResponse([rtbTarget(), rtbTarget({ id: 8, name: 'Beta Bidder' })]),
}
const ok = () => jsonResponse({})

function renderAt(path: string) {
  const user = userEvent.setup()
  const view = renderWithProviders(
    <>
      <Routes>
        <Route path="/campaigns/new" element={<CampaignWizardPage />} />
        <Route path="/campaigns/:id/edit" element={<CampaignWizardPage />} />
        <Route path="/campaigns/:id" element={<p>Campaign detail page</p>} />
      </Routes>
      <Toaster />
    </>,
    { path },
  )
  return { user, ...view }
}

async function chooseOption(user: ReturnType<typeof userEvent.setup>, combobox: string, option: string) {
  await user.click(screen.getByRole('combobox', { name: combobox }))
  await user.click(await screen.findByRole('option', { name: option }))
}

describe('campaign wizard, RTB path', () => {
  it('picks targets and numbers, shows what is missing, and saves campaign, targets, numbers, then activation', async () => {
    const fetchMock = mockFetch({
      ...lists,
      'POST /api/campaigns': () => jsonResponse({ id: 'c-9', name: 'Bids', status: 'draft', created: true }, 201),
      'PUT /api/campaigns/c-9/buyers': ok,
      'PUT /api/rtb/campaigns/c-9/targets': () => jsonResponse([]),
      'POST /api/campaigns/c-9/numbers': ok,
      'PATCH /api/campaigns/c-9': ok,
    })
    const { user } = renderAt('/campaigns/new')
    await user.type(await screen.findByRole('textbox', { name: 'Campaign name' }), 'Bids')
    await user.click(screen.getByRole('radio', { name: /RTB/ }))
    await chooseOption(user, 'Status', 'Active')
    await user.click(screen.getByRole('button', { name: /Next/ }))

    await screen.findByText('Step 2 of 4: Numbers')
    expect(screen.queryByText(/later release/)).not.toBeInTheDocument()
    await user.click(screen.getByRole('combobox', { name: 'Add RTB target' }))
    await user.click(await screen.findByRole('option', { name: 'Beta Bidder' }))
    expect(screen.getByRole('list', { name: 'Assigned RTB targets' })).toHaveTextContent('Beta Bidder')
    await user.click(await screen.findByRole('button', { name: /Next/ }))
    await screen.findByText('Step 3 of 4: Buyers')
    await user.click(screen.getByRole('button', { name: /Next/ }))

    // The last step says the numbers are missing; targets are in place.
    await screen.findByText('Step 4 of 4: Advanced')
    const checklist = screen.getByRole('list', { name: 'What the campaign needs to go live' })
    expect(checklist).toHaveTextContent('Done: RTB targets')
    expect(checklist).toHaveTextContent('Missing: Tracking numbers')
    expect(screen.getByText(/Activation is refused until this is fixed: Tracking numbers/)).toBeInTheDocument()

    // Back to pick a number: now nothing is missing.
    await user.click(screen.getByRole('button', { name: /Back/ }))
    await user.click(screen.getByRole('button', { name: /Back/ }))
    await user.click(await screen.findByRole('checkbox', { name: /212-555-0100/ }))
    await user.click(screen.getByRole('button', { name: /Next/ }))
    await user.click(await screen.findByRole('button', { name: /Next/ }))
    expect(await screen.findByText(/Everything required is in place/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Create campaign' }))

    expect(await screen.findByText('Campaign detail page')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([
      'POST /api/campaigns',
      'PUT /api/campaigns/c-9/buyers',
      'PUT /api/rtb/campaigns/c-9/targets',
      'POST /api/campaigns/c-9/numbers',
      'PATCH /api/campaigns/c-9',
    ])
    expect(bodyOf(fetchMock, 'POST /api/campaigns')).toMatchObject({ type: 'rtb', status: 'draft' })
    expect(bodyOf(fetchMock, 'PUT /api/rtb/campaigns/c-9/targets')).toEqual([{ rtbTargetId: 8, priority: 5, enabled: true }])
    expect(bodyOf(fetchMock, 'POST /api/campaigns/c-9/numbers')).toEqual({ phoneNumberId: 11 })
  })

  it('"Edit numbers" of an RTB campaign opens a step with its targets and numbers, and saves their changes', async () => {
    const rtbCampaign = campaign({
      type: 'rtb',
      routingType: 'rtb',
      phoneNumbers: [{ id: 11, phoneNumber: '+12125550100', poolId: null }],
    })
    const fetchMock = mockFetch({
      ...lists,
      'GET /api/campaigns/c-1': () => jsonResponse(rtbCampaign),
      'GET /api/campaigns/c-1/readiness': () =>
        jsonResponse({ campaignId: 'c-1', status: 'draft', ready: true, checks: [] }),
      'GET /api/rtb/campaigns/c-1/targets': () => jsonResponse([{ rtbTargetId: 7, name: 'Acme Bidder', status: 'active', priority: 2, enabled: true }]),
      'PUT /api/campaigns/c-1': ok,
      'PUT /api/campaigns/c-1/buyers': ok,
      'PUT /api/rtb/campaigns/c-1/targets': () => jsonResponse([]),
      'POST /api/campaigns/c-1/numbers': ok,
      'DELETE /api/campaigns/c-1/numbers/11': ok,
    })
    const { user } = renderAt('/campaigns/c-1/edit?step=numbers')
    await screen.findByText('Step 2 of 4: Numbers')
    expect(await screen.findByRole('list', { name: 'Assigned RTB targets' })).toHaveTextContent('Acme Bidder')
    const first = await screen.findByRole('checkbox', { name: /212-555-0100/ })
    expect(first).toBeChecked()
    await user.click(first)
    await user.click(await screen.findByRole('checkbox', { name: /212-555-0101/ }))
    await user.click(screen.getByRole('switch', { name: 'Acme Bidder enabled' }))
    await user.click(screen.getByRole('button', { name: 'Save now' }))

    expect(await screen.findByText('Campaign detail page')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([
      'PUT /api/campaigns/c-1',
      'PUT /api/campaigns/c-1/buyers',
      'PUT /api/rtb/campaigns/c-1/targets',
      'POST /api/campaigns/c-1/numbers',
      'DELETE /api/campaigns/c-1/numbers/11',
    ])
    expect(bodyOf(fetchMock, 'PUT /api/rtb/campaigns/c-1/targets')).toEqual([{ rtbTargetId: 7, priority: 2, enabled: false }])
    expect(bodyOf(fetchMock, 'POST /api/campaigns/c-1/numbers')).toEqual({ phoneNumberId: 12 })
  })

  it('shows a failed targets stage on the Numbers step', async () => {
    mockFetch({
      ...lists,
      'POST /api/campaigns': () => jsonResponse({ id: 'c-9', name: 'Bids', status: 'draft', created: true }, 201),
      'PUT /api/campaigns/c-9/buyers': ok,
      'PUT /api/rtb/campaigns/c-9/targets': () => errorResponse(422, 'VALIDATION_ERROR', 'RTB target 8 is not in this account', { field: 'rtbTargetId' }),
    })
    const { user } = renderAt('/campaigns/new')
    await user.type(await screen.findByRole('textbox', { name: 'Campaign name' }), 'Bids')
    await user.click(screen.getByRole('radio', { name: /RTB/ }))
    await user.click(screen.getByRole('button', { name: /Next/ }))
    await user.click(await screen.findByRole('combobox', { name: 'Add RTB target' }))
    await user.click(await screen.findByRole('option', { name: 'Beta Bidder' }))
    await user.click(screen.getByRole('button', { name: /Next/ }))
    await user.click(await screen.findByRole('button', { name: /Next/ }))
    await user.click(await screen.findByRole('button', { name: 'Create campaign' }))

    expect(await screen.findByText('The campaign was saved, but its RTB targets could not be.')).toBeInTheDocument()
    expect(await screen.findByText('Step 2 of 4: Numbers')).toBeInTheDocument()
    expect(screen.getAllByText(/RTB target 8 is not in this account/).length).toBeGreaterThan(0)
  })
  it('takes an RTB campaign\'s numbers from a pool: saves the pool, then allocates from it', async () => {
    const fetchMock = mockFetch({
      ...lists,
      'POST /api/campaigns': () => jsonResponse({ id: 'c-9', name: 'Bids', status: 'draft', created: true }, 201),
      'PUT /api/campaigns/c-9/buyers': ok,
      'PUT /api/rtb/campaigns/c-9/targets': () => jsonResponse([]),
      'POST /api/campaigns/c-9/numbers/allocate': () =>
        jsonResponse([
          { id: 31, phoneNumber: '+12125550131', poolId: 3 },
          { id: 32, phoneNumber: '+12125550132', poolId: 3 },
        ]),
    })
    const { user } = renderAt('/campaigns/new')
    await user.type(await screen.findByRole('textbox', { name: 'Campaign name' }), 'Bids')
    await user.click(screen.getByRole('radio', { name: /RTB/ }))
    await user.click(screen.getByRole('button', { name: /Next/ }))
    await screen.findByText('Step 2 of 4: Numbers')

    // Individual numbers by default; the pool choice swaps the number list for the pool fields.
    expect(screen.getByRole('radio', { name: /Individual numbers/ })).toBeChecked()
    expect(await screen.findByRole('checkbox', { name: /212-555-0100/ })).toBeInTheDocument()
    await user.click(screen.getByRole('radio', { name: /A number pool/ }))
    expect(screen.queryByRole('checkbox', { name: /212-555-0100/ })).not.toBeInTheDocument()

    // A pool is required once chosen.
    await user.click(screen.getByRole('combobox', { name: 'Add RTB target' }))
    await user.click(await screen.findByRole('option', { name: 'Beta Bidder' }))
    await user.click(screen.getByRole('button', { name: /Next/ }))
    expect(await screen.findByText('Choose the pool this campaign takes numbers from')).toBeInTheDocument()
    await chooseOption(user, 'Number pool', 'East Coast (6 available)')
    const count = screen.getByRole('spinbutton', { name: 'Numbers to allocate' })
    await user.clear(count)
    await user.type(count, '2')
    await user.click(screen.getByRole('button', { name: /Next/ }))
    await screen.findByText('Step 3 of 4: Buyers')
    await user.click(screen.getByRole('button', { name: /Next/ }))
    await screen.findByText('Step 4 of 4: Advanced')
    expect(screen.getByRole('list', { name: 'What the campaign needs to go live' })).toHaveTextContent('Done: Tracking numbers')
    await user.click(screen.getByRole('button', { name: 'Create campaign' }))

    expect(await screen.findByText('Campaign detail page')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([
      'POST /api/campaigns',
      'PUT /api/campaigns/c-9/buyers',
      'PUT /api/rtb/campaigns/c-9/targets',
      'POST /api/campaigns/c-9/numbers/allocate',
    ])
    expect(bodyOf(fetchMock, 'POST /api/campaigns')).toMatchObject({ type: 'rtb', poolId: 3, poolStrategy: 'round_robin' })
    expect(bodyOf(fetchMock, 'POST /api/campaigns/c-9/numbers/allocate')).toEqual({ count: 2 })
  })

  it('shows an RTB campaign\'s pool again on edit, and can go back to picked numbers', async () => {
    const rtbCampaign = campaign({
      type: 'rtb',
      routingType: 'rtb',
      poolId: 3,
      poolName: 'East Coast',
      phoneNumbers: [
        { id: 31, phoneNumber: '+12125550131', poolId: 3 },
        { id: 32, phoneNumber: '+12125550132', poolId: 3 },
      ],
    })
    const fetchMock = mockFetch({
      ...lists,
      'GET /api/campaigns/c-1': () => jsonResponse(rtbCampaign),
      'GET /api/campaigns/c-1/readiness': () => jsonResponse({ campaignId: 'c-1', status: 'draft', ready: true, checks: [] }),
      'GET /api/rtb/campaigns/c-1/targets': () => jsonResponse([]),
      'PUT /api/campaigns/c-1': ok,
      'PUT /api/campaigns/c-1/buyers': ok,
      'PUT /api/rtb/campaigns/c-1/targets': () => jsonResponse([]),
      'POST /api/campaigns/c-1/numbers': ok,
    })
    const { user } = renderAt('/campaigns/c-1/edit?step=numbers')
    await screen.findByText('Step 2 of 4: Numbers')
    expect(await screen.findByRole('radio', { name: /A number pool/ })).toBeChecked()
    expect(await screen.findByRole('combobox', { name: 'Number pool' })).toHaveTextContent('East Coast')
    expect(screen.getByRole('spinbutton', { name: 'Numbers to allocate' })).toHaveValue(2)

    await user.click(screen.getByRole('radio', { name: /Individual numbers/ }))
    await user.click(await screen.findByRole('checkbox', { name: /212-555-0100/ }))
    await user.click(screen.getByRole('button', { name: 'Save now' }))

    expect(await screen.findByText('Campaign detail page')).toBeInTheDocument()
    // Leaving the pool releases its numbers on the server: nothing to DELETE here.
    expect(calledRoutes(fetchMock)).toEqual([
      'PUT /api/campaigns/c-1',
      'PUT /api/campaigns/c-1/buyers',
      'PUT /api/rtb/campaigns/c-1/targets',
      'POST /api/campaigns/c-1/numbers',
    ])
    expect(bodyOf(fetchMock, 'PUT /api/campaigns/c-1')).toMatchObject({ type: 'rtb', poolId: null })
    expect(bodyOf(fetchMock, 'POST /api/campaigns/c-1/numbers')).toEqual({ phoneNumberId: 11 })
  })
})
