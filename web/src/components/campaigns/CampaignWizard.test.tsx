import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Route, Routes } from 'react-router'
import { describe, expect, it } from 'vitest'
import { Toaster } from '@/components/ui/sonner'
import { CampaignWizardPage } from '@/pages/CampaignWizardPage'
import { buyer, campaign, phoneNumber, pool } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

const numbers = [phoneNumber(), phoneNumber({ id: 12, phoneNumber: '+12125550101', friendlyName: 'NYC social' })]
const buyers = [buyer(), buyer({ id: 8, name: 'Beta Leads', company: null, priority: 5 })]

const lists = {
  'GET /api/phone-numbers': () => listResponse(numbers),
  'GET /api/buyers': () => listResponse(buyers),
  'GET /api/pools': () => listResponse([pool()]),
}
const created = () => jsonResponse({ id: 'c-1', name: 'Spring Promo', status: 'draft', created: true }, 201)
const ok = () => jsonResponse({})

function renderWizard() {
  const user = userEvent.setup()
  const view = renderWithProviders(
    <>
      <Routes>
        <Route path="/campaigns" element={<p>Campaign list page</p>} />
        <Route path="/campaigns/new" element={<CampaignWizardPage />} />
        <Route path="/campaigns/:id" element={<p>Campaign detail page</p>} />
      </Routes>
      <Toaster />
    </>,
    { path: '/campaigns/new' },
  )
  return { user, ...view }
}

async function chooseOption(user: ReturnType<typeof userEvent.setup>, combobox: string, option: string) {
  await user.click(screen.getByRole('combobox', { name: combobox }))
  await user.click(await screen.findByRole('option', { name: option }))
}

async function currentStep(title: string) {
  return screen.findByText(new RegExp(`^Step \\d of 4: ${title}$`))
}

describe('campaign wizard', () => {
  it('walks the four steps and sends campaign, buyers, numbers, then activation', async () => {
    const fetchMock = mockFetch({
      ...lists,
      'POST /api/campaigns': created,
      'PUT /api/campaigns/c-1/buyers': ok,
      'POST /api/campaigns/c-1/numbers': ok,
      'PATCH /api/campaigns/c-1': () => jsonResponse({ id: 'c-1', updated: true, changes: ['status'] }),
    })
    const { user } = renderWizard()

    // Step 1: basics
    await currentStep('Basic info')
    await user.type(screen.getByRole('textbox', { name: 'Campaign name' }), 'Spring Promo')
    await user.type(screen.getByRole('textbox', { name: 'Description' }), 'Q2 leads')
    await chooseOption(user, 'Status', 'Active')
    expect(screen.getByRole('radio', { name: /Direct/ })).toBeChecked()
    await user.click(screen.getByRole('button', { name: /Next/ }))

    // Step 2: pick a number from GET /api/phone-numbers?unassigned=true
    await currentStep('Numbers')
    await user.click(await screen.findByRole('checkbox', { name: /212-555-0100/ }))
    expect(screen.getByText('1 selected')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: /Next/ }))

    // Step 3: add a buyer and give it priority 2 on this campaign
    await currentStep('Buyers')
    await user.click(await screen.findByRole('button', { name: 'Add Acme Insurance' }))
    const priority = screen.getByRole('textbox', { name: 'Priority for Acme Insurance' })
    expect(priority).toHaveValue('3')
    await user.clear(priority)
    await user.type(priority, '2')
    await user.type(screen.getByRole('textbox', { name: 'Daily cap for Acme Insurance' }), '50')
    expect(screen.queryByRole('button', { name: 'Add Acme Insurance' })).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: /Next/ }))

    // Step 4: advanced
    await currentStep('Advanced')
    await user.clear(screen.getByRole('spinbutton', { name: 'Call timeout (seconds)' }))
    await user.type(screen.getByRole('spinbutton', { name: 'Call timeout (seconds)' }), '45')
    await user.type(screen.getByRole('textbox', { name: 'Daily cap' }), '500')
    await user.click(screen.getByRole('switch', { name: 'Transcription' }))
    await user.click(screen.getByRole('button', { name: 'Create campaign' }))

    expect(await screen.findByText('Campaign detail page')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([
      'POST /api/campaigns',
      'PUT /api/campaigns/c-1/buyers',
      'POST /api/campaigns/c-1/numbers',
      'PATCH /api/campaigns/c-1',
    ])
    const unassignedCall = fetchMock.mock.calls.find(([url]) => String(url).startsWith('/api/phone-numbers'))
    expect(String(unassignedCall?.[0])).toContain('unassigned=true')

    // Created as a draft: activation needs the buyers and numbers, so it comes last.
    expect(bodyOf(fetchMock, 'POST /api/campaigns')).toMatchObject({
      name: 'Spring Promo',
      description: 'Q2 leads',
      type: 'direct',
      status: 'draft',
      poolId: null,
      callTimeout: 45,
      callCap: 500,
      hourlyCap: null,
      transcriptionEnabled: true,
      recordingEnabled: true,
      minDurationSecs: 60,
    })
    expect(bodyOf(fetchMock, 'PUT /api/campaigns/c-1/buyers')).toEqual([
      { buyerId: 7, priority: 2, weight: 1, maxConcurrentCalls: null, hourlyCap: null, dailyCap: 50, monthlyCap: null, status: 'active' },
    ])
    expect(bodyOf(fetchMock, 'POST /api/campaigns/c-1/numbers')).toEqual({ phoneNumberId: 11 })
    expect(bodyOf(fetchMock, 'PATCH /api/campaigns/c-1')).toEqual({ status: 'active' })
  })

  it('checks a step before moving on', async () => {
    mockFetch(lists)
    const { user } = renderWizard()
    await user.click(await screen.findByRole('button', { name: /Next/ }))
    const name = screen.getByRole('textbox', { name: 'Campaign name' })
    expect(await screen.findByText('Enter a campaign name')).toBeInTheDocument()
    expect(name).toHaveAttribute('aria-invalid', 'true')
    expect(name).toHaveAccessibleDescription('Enter a campaign name')
    expect(screen.getByText('Step 1 of 4: Basic info')).toBeInTheDocument()
  })

  it("shows a 422 from the server under the field it names, on that field's step", async () => {
    mockFetch({
      ...lists,
      'POST /api/campaigns': () =>
        errorResponse(422, 'VALIDATION_ERROR', 'Invalid campaign', { field: 'name', reason: 'A campaign with this name already exists' }),
    })
    const { user } = renderWizard()
    await user.type(await screen.findByRole('textbox', { name: 'Campaign name' }), 'Spring Promo')
    for (const title of ['Numbers', 'Buyers', 'Advanced']) {
      await user.click(screen.getByRole('button', { name: /Next/ }))
      await currentStep(title)
    }
    await user.click(screen.getByRole('button', { name: 'Create campaign' }))

    // Back on step 1, with the reason under the name field.
    await currentStep('Basic info')
    const name = screen.getByRole('textbox', { name: 'Campaign name' })
    expect(name).toHaveAttribute('aria-invalid', 'true')
    expect(name).toHaveAccessibleDescription('A campaign with this name already exists')
    expect(screen.getByRole('alert')).toHaveTextContent('The campaign could not be created.')
  })

  it('maps API field names to form fields (dailyCap is the Advanced step’s daily cap)', async () => {
    mockFetch({
      ...lists,
      'POST /api/campaigns': () =>
        errorResponse(422, 'VALIDATION_ERROR', 'Invalid caps', { field: 'dailyCap', reason: 'must not exceed the monthly cap' }),
    })
    const { user } = renderWizard()
    await user.type(await screen.findByRole('textbox', { name: 'Campaign name' }), 'Caps')
    for (const title of ['Numbers', 'Buyers', 'Advanced']) {
      await user.click(screen.getByRole('button', { name: /Next/ }))
      await currentStep(title)
    }
    await user.click(screen.getByRole('button', { name: 'Create campaign' }))
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: 'Daily cap' })).toHaveAccessibleDescription('must not exceed the monthly cap'),
    )
  })

  it('shows a failed activation on the Buyers step, and a retry updates the saved draft', async () => {
    let activations = 0
    const fetchMock = mockFetch({
      ...lists,
      'POST /api/campaigns': created,
      'GET /api/campaigns/c-1': () => jsonResponse(campaign()),
      'PUT /api/campaigns/c-1': () => jsonResponse({ id: 'c-1', updated: true, changes: [] }),
      'PUT /api/campaigns/c-1/buyers': ok,
      'PATCH /api/campaigns/c-1': () => {
        activations += 1
        return activations === 1
          ? errorResponse(422, 'VALIDATION_ERROR', 'Cannot activate', {
              field: 'buyers',
              reason: 'An active campaign needs at least one active buyer',
            })
          : jsonResponse({ id: 'c-1', updated: true, changes: ['status'] })
      },
    })
    const { user } = renderWizard()
    await user.type(await screen.findByRole('textbox', { name: 'Campaign name' }), 'Spring Promo')
    await chooseOption(user, 'Status', 'Active')
    for (const title of ['Numbers', 'Buyers', 'Advanced']) {
      await user.click(screen.getByRole('button', { name: /Next/ }))
      await currentStep(title)
    }
    await user.click(screen.getByRole('button', { name: 'Create campaign' }))

    await currentStep('Buyers')
    const alert = screen.getAllByRole('alert')
    expect(alert.map((a) => a.textContent).join(' ')).toContain('The campaign was saved, but it could not be activated.')
    const fieldError = document.querySelector('[data-slot="field-error"]')
    expect(fieldError).toHaveTextContent('An active campaign needs at least one active buyer')
    const steps = screen.getByRole('navigation', { name: 'Campaign setup steps' })
    expect(within(steps).getByRole('button', { current: 'step' })).toHaveTextContent('Buyers')

    // Add a buyer and save again: the draft is updated, not created twice.
    await user.click(await screen.findByRole('button', { name: 'Add Acme Insurance' }))
    await user.click(screen.getByRole('button', { name: /Next/ }))
    await user.click(await screen.findByRole('button', { name: 'Save changes' }))
    expect(await screen.findByText('Campaign detail page')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([
      'POST /api/campaigns',
      'PUT /api/campaigns/c-1/buyers',
      'PATCH /api/campaigns/c-1',
      'PUT /api/campaigns/c-1',
      'PUT /api/campaigns/c-1/buyers',
      'PATCH /api/campaigns/c-1',
    ])
    expect(bodyOf(fetchMock, 'PUT /api/campaigns/c-1')).not.toHaveProperty('status')
    expect(bodyOf(fetchMock, 'PUT /api/campaigns/c-1/buyers', 1)).toEqual([expect.objectContaining({ buyerId: 7, priority: 3 })])
  })

  it('shows a 409 on a number with who holds it, on the Numbers step', async () => {
    mockFetch({
      ...lists,
      'POST /api/campaigns': created,
      'PUT /api/campaigns/c-1/buyers': ok,
      'POST /api/campaigns/c-1/numbers': () =>
        errorResponse(409, 'CONFLICT', 'Number is taken', {
          field: 'phoneNumberId',
          reason: 'Phone number is already assigned to another campaign',
          heldBy: { kind: 'campaign', id: 'c-9', name: 'Summer Sale' },
        }),
    })
    const { user } = renderWizard()
    await user.type(await screen.findByRole('textbox', { name: 'Campaign name' }), 'Spring Promo')
    await user.click(screen.getByRole('button', { name: /Next/ }))
    await user.click(await screen.findByRole('checkbox', { name: /212-555-0101/ }))
    for (const title of ['Buyers', 'Advanced']) {
      await user.click(screen.getByRole('button', { name: /Next/ }))
      await currentStep(title)
    }
    await user.click(screen.getByRole('button', { name: 'Create campaign' }))

    await currentStep('Numbers')
    const group = screen.getByRole('group', { name: 'Tracking numbers' })
    expect(group).toHaveAccessibleDescription(
      'Phone number is already assigned to another campaign (held by campaign “Summer Sale”)',
    )
    expect(screen.getByRole('alert')).toHaveTextContent('its numbers could not be assigned')
  })

  it('allocates numbers from the chosen pool for a pool campaign', async () => {
    const fetchMock = mockFetch({
      ...lists,
      'POST /api/campaigns': created,
      'PUT /api/campaigns/c-1/buyers': ok,
      'POST /api/campaigns/c-1/numbers/allocate': ok,
    })
    const { user } = renderWizard()
    await user.type(await screen.findByRole('textbox', { name: 'Campaign name' }), 'Pool Promo')
    await user.click(screen.getByRole('radio', { name: /Pool/ }))
    await user.click(screen.getByRole('button', { name: /Next/ }))
    await currentStep('Numbers')

    // The pool is required for a pool campaign.
    await user.click(screen.getByRole('button', { name: /Next/ }))
    expect(await screen.findByText('Choose the pool this campaign takes numbers from')).toBeInTheDocument()
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Number pool' })).not.toHaveTextContent('Loading'))
    await chooseOption(user, 'Number pool', 'East Coast (6 available)')
    const count = screen.getByRole('spinbutton', { name: 'Numbers to allocate' })
    await user.clear(count)
    await user.type(count, '3')
    for (const title of ['Buyers', 'Advanced']) {
      await user.click(screen.getByRole('button', { name: /Next/ }))
      await currentStep(title)
    }
    await user.click(screen.getByRole('button', { name: 'Create campaign' }))
    expect(await screen.findByText('Campaign detail page')).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'POST /api/campaigns')).toMatchObject({ type: 'pool', poolId: 3, poolStrategy: 'round_robin' })
    expect(bodyOf(fetchMock, 'POST /api/campaigns/c-1/numbers/allocate')).toEqual({ count: 3 })
  })

  it('says when the pool has fewer free numbers than asked, and how many the campaign got', async () => {
    const fetchMock = mockFetch({
      ...lists,
      'POST /api/campaigns': created,
      'PUT /api/campaigns/c-1/buyers': ok,
      // The allocation answers every number the campaign holds now: the pool had 2 free, not 5.
      'POST /api/campaigns/c-1/numbers/allocate': () =>
        jsonResponse([
          { id: 21, phoneNumber: '+12125550121' },
          { id: 22, phoneNumber: '+12125550122' },
        ]),
    })
    const { user } = renderWizard()
    await user.type(await screen.findByRole('textbox', { name: 'Campaign name' }), 'Pool Promo')
    await user.click(screen.getByRole('radio', { name: /Pool/ }))
    await user.click(screen.getByRole('button', { name: /Next/ }))
    await currentStep('Numbers')
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Number pool' })).not.toHaveTextContent('Loading'))
    await chooseOption(user, 'Number pool', 'East Coast (6 available)')
    const count = screen.getByRole('spinbutton', { name: 'Numbers to allocate' })
    await user.clear(count)
    await user.type(count, '8')
    expect(screen.getByRole('status')).toHaveTextContent('East Coast has only 6 free numbers: the campaign would get 6, not 8.')
    await user.clear(count)
    await user.type(count, '5')
    for (const title of ['Buyers', 'Advanced']) {
      await user.click(screen.getByRole('button', { name: /Next/ }))
      await currentStep(title)
    }
    await user.click(screen.getByRole('button', { name: 'Create campaign' }))
    expect(await screen.findByText('Campaign detail page')).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'POST /api/campaigns/c-1/numbers/allocate')).toEqual({ count: 5 })
    expect(await screen.findByText('Only 2 of 5 numbers allocated')).toBeInTheDocument()
    expect(screen.getByText(/The pool had no more free numbers/)).toBeInTheDocument()
  })

  it('asks before leaving with unsaved input, and leaves at once without any', async () => {
    mockFetch(lists)
    const { user, router } = renderWizard()
    const cancel = await screen.findByRole('link', { name: 'Cancel' })
    await user.click(cancel)
    expect(await screen.findByText('Campaign list page')).toBeInTheDocument()

    await router.navigate('/campaigns/new')
    await user.type(await screen.findByRole('textbox', { name: 'Campaign name' }), 'Half done')
    await user.click(screen.getByRole('link', { name: 'Cancel' }))
    const ask = await screen.findByRole('alertdialog', { name: 'Leave without saving?' })
    await user.click(within(ask).getByRole('button', { name: 'Stay on this page' }))
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument())
    expect(screen.getByRole('textbox', { name: 'Campaign name' })).toHaveValue('Half done')

    // Closing or reloading the tab gets the browser's own prompt.
    const unload = new Event('beforeunload', { cancelable: true })
    window.dispatchEvent(unload)
    expect(unload.defaultPrevented).toBe(true)

    await user.click(screen.getByRole('link', { name: 'Cancel' }))
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Leave without saving' }))
    expect(await screen.findByText('Campaign list page')).toBeInTheDocument()
  })
})
