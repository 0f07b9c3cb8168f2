import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { bodyOf, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'
import { rtbTarget, testBid } from '@/test/rtbFixtures'
import { RtbTargetsList } from './RtbTargetsList'

afterEach(() => vi.unstubAllGlobals())

describe('RTB targets', () => {
  it('lists targets with their stats', async () => {
    mockFetch({ 'GET /api/rtb/targets': () => listResponse([rtbTarget()], 1) })
    renderWithProviders(<RtbTargetsList />)
    const row = (await screen.findByRole('button', { name: 'Acme Bidder' })).closest('tr')!
    const cells = within(row)
    expect(cells.getByText('Acme Corp')).toBeInTheDocument()
    expect(cells.getByText('https://bid.acme.test/rtb')).toBeInTheDocument()
    expect(cells.getByText('320 ms')).toBeInTheDocument()
    expect(cells.getByText('Fast')).toBeInTheDocument()
    expect(cells.getByText('87.5%')).toBeInTheDocument()
    expect(cells.getByText('42.3%')).toBeInTheDocument()
    expect(cells.getByText('1,234')).toBeInTheDocument()
  })

  it('creates a target with the right body and shows a 422 on Endpoint URL', async () => {
    const fetchMock = mockFetch({
      'GET /api/rtb/targets': () => listResponse([]),
      'POST /api/rtb/targets': () => errorResponse(422, 'VALIDATION_ERROR', 'Invalid target', { field: 'endpointUrl', reason: 'must be an https URL' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<RtbTargetsList />)
    await user.click(screen.getByRole('button', { name: 'Add RTB target' }))
    const dialog = await screen.findByRole('dialog')
    await user.type(within(dialog).getByRole('textbox', { name: 'Target name' }), 'New Bidder')
    await user.type(within(dialog).getByRole('textbox', { name: 'Endpoint URL' }), 'http://bid.test/x')
    await user.click(within(dialog).getByRole('button', { name: 'Add header' }))
    await user.type(within(dialog).getByRole('textbox', { name: 'Header 1 name' }), 'X-Source')
    await user.type(within(dialog).getByRole('textbox', { name: 'Header 1 value' }), 'ccp')
    await user.click(within(dialog).getByRole('button', { name: 'Add target' }))

    const url = await within(dialog).findByRole('textbox', { name: 'Endpoint URL' })
    await vi.waitFor(() => expect(url).toHaveAccessibleDescription('must be an https URL'))
    expect(url).toHaveAttribute('aria-invalid', 'true')
    const body = bodyOf(fetchMock, 'POST /api/rtb/targets') as Record<string, unknown>
    expect(body).toMatchObject({
      name: 'New Bidder',
      endpointUrl: 'http://bid.test/x',
      requestMethod: 'POST',
      contentType: 'json',
      authentication: { type: 'none' },
      customHeaders: { 'X-Source': 'ccp' },
      timeoutMs: 5000,
      responseConfig: { bidAmountPath: 'bidAmount', destinationNumberPath: 'destinationNumber', acceptancePath: null, currencyPath: null },
      minBid: '0.00',
      maxBid: '100.00',
      currency: 'USD',
      status: 'active',
      dailyCap: null,
    })
    expect(body.requestTemplate).toMatchObject({ requestId: '{requestId}', bidParams: { currency: 'USD' } })
  })

  it('runs a test bid and shows the request, response and parsed result', async () => {
    mockFetch({
      'GET /api/rtb/targets': () => listResponse([rtbTarget()]),
      'POST /api/rtb/targets/7/test': () =>
        jsonResponse(testBid({ status: 'rejected', accepted: false, bidAmount: null, rejectionCode: 1006, rejectionReason: 'Final capacity check' })),
    })
    const user = userEvent.setup()
    renderWithProviders(<RtbTargetsList />)
    await user.click(await screen.findByRole('button', { name: 'Test bidding Acme Bidder' }))
    const dialog = await screen.findByRole('dialog')
    expect(await within(dialog).findByText('Final capacity check (Code: 1006)')).toBeInTheDocument()
    expect(within(dialog).getByText('https://bid.acme.test/rtb')).toBeInTheDocument()
    expect(within(dialog).getByLabelText('Request body')).toHaveTextContent('"requestId": "test-123"')
    expect(within(dialog).getByLabelText('Raw response')).toHaveTextContent('"bidAmount": 12.5')
    expect(within(dialog).getByText('200')).toBeInTheDocument()
    expect(within(dialog).getByText('640 ms')).toBeInTheDocument()
    expect(within(dialog).getByText('Medium')).toBeInTheDocument()
    expect(within(dialog).getByText('Rejected')).toBeInTheDocument()
  })

  it('edits a target with PATCH, keeping the stored secret when its input is left empty', async () => {
    const fetchMock = mockFetch({
      'GET /api/rtb/targets': () => listResponse([rtbTarget({ requestTemplate: { requestId: '{requestId}' } as never })]),
      'PATCH /api/rtb/targets/7': () => errorResponse(422, 'VALIDATION_ERROR', 'Invalid target', { field: 'authentication.token', reason: 'token is too short' }),
    })
    const user = userEvent.setup()
    renderWithProviders(<RtbTargetsList />)
    await user.click(await screen.findByRole('button', { name: 'Edit Acme Bidder' }))
    const dialog = await screen.findByRole('dialog')
    const token = within(dialog).getByLabelText('Bearer token')
    expect(token).toHaveValue('')
    expect(token).toHaveAccessibleDescription('Stored: ••••1234. Leave empty to keep it.')
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    await vi.waitFor(() => expect(token).toHaveAccessibleDescription('token is too short'))
    const body = bodyOf(fetchMock, 'PATCH /api/rtb/targets/7') as Record<string, unknown>
    expect(body.authentication).toEqual({ type: 'bearer' })
    expect(body.requestTemplate).toEqual({ requestId: '{requestId}' })
  })
})
