import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { analystUser } from '@/test/fixtures'
import { calledRoutes, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { CampaignPostbackCard, maskToken } from './CampaignPostbackCard'

const token = 'pb_4f8a2c91d0e7b3a65f1c'
const postback = (t = token) => ({
  campaignId: 'c-1',
  token: t,
  url: 'http://127.0.0.1:5199/api/conversions',
  example: `curl -X POST 'http://127.0.0.1:5199/api/conversions' -H 'X-Postback-Token: ${t}' -H 'Content-Type: application/json' -d '{"callSid": "CA…", "revenue": "45.00"}'`,
})

/** The calls the card made, less the session check that tells what the role may see. */
const cardCalls = (fetchMock: Parameters<typeof calledRoutes>[0]) =>
  calledRoutes(fetchMock, { withGets: true }).filter((route) => route !== 'GET /api/auth/user')

describe('conversion postback card', () => {
  it('masks all but the last four characters', () => {
    expect(maskToken(token)).toMatch(/^•+5f1c$/)
    expect(maskToken(token)).not.toContain('pb_')
    expect(maskToken('abc')).toBe('••••')
  })

  it('asks for the token only when opened, masks it until revealed, and shows the example', async () => {
    const fetchMock = mockFetch({ 'GET /api/campaigns/c-1/postback': () => jsonResponse(postback()) })
    const user = userEvent.setup()
    renderWithProviders(<CampaignPostbackCard campaign={{ id: 'c-1', name: 'Spring Promo' }} />)
    expect(screen.getByRole('heading', { name: 'Conversion postback' })).toBeInTheDocument()
    expect(cardCalls(fetchMock)).toEqual([])

    await user.click(screen.getByRole('button', { name: 'Show postback' }))
    const shown = await screen.findByTestId('postback-token')
    expect(cardCalls(fetchMock)).toEqual(['GET /api/campaigns/c-1/postback'])
    expect(shown).toHaveTextContent(/•+5f1c/)
    expect(screen.getByLabelText('Example request')).not.toHaveTextContent(token)
    expect(screen.getByText(/POST http:\/\/127.0.0.1:5199\/api\/conversions/)).toBeInTheDocument()
    expect(screen.getByText(/reports this campaign's calls only/)).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Reveal the token' }))
    expect(shown).toHaveTextContent(token)
    expect(screen.getByLabelText('Example request')).toHaveTextContent(`X-Postback-Token: ${token}`)
    expect(screen.getByRole('button', { name: 'Copy postback token' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Copy example request' })).toBeInTheDocument()
  })

  it('rotates the token only after confirming', async () => {
    const fetchMock = mockFetch({
      'GET /api/campaigns/c-1/postback': () => jsonResponse(postback()),
      'POST /api/campaigns/c-1/postback/rotate': () => jsonResponse(postback('pb_new0000000000009999')),
    })
    const user = userEvent.setup()
    renderWithProviders(<CampaignPostbackCard campaign={{ id: 'c-1', name: 'Spring Promo' }} />)
    await user.click(screen.getByRole('button', { name: 'Show postback' }))
    await screen.findByTestId('postback-token')
    await user.click(screen.getByRole('button', { name: 'Rotate token' }))
    const confirm = await screen.findByRole('alertdialog', { name: 'Rotate the postback token?' })
    expect(calledRoutes(fetchMock)).toEqual([])
    await user.click(within(confirm).getByRole('button', { name: 'Rotate token' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toEqual(['POST /api/campaigns/c-1/postback/rotate']))
    await waitFor(() => expect(screen.getByTestId('postback-token')).toHaveTextContent(/•+9999/))
  })
})

describe('conversion postback card for a role below manager', () => {
  it('offers no token (the server refuses it) and says who sees it', async () => {
    const fetchMock = mockFetch({ 'GET /api/auth/user': () => jsonResponse(analystUser) })
    renderWithProviders(<CampaignPostbackCard campaign={{ id: 'c-1', name: 'Spring Promo' }} />)
    expect(await screen.findByText('Managers, admins and owners see the postback token.')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Show postback' })).not.toBeInTheDocument()
    expect(cardCalls(fetchMock)).toEqual([])
  })
})
