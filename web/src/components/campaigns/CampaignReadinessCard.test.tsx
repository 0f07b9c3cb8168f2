import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { campaign } from '@/test/fixtures'
import { bodyOf, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { CampaignReadinessCard } from './CampaignReadinessCard'
import { defaultCampaignValues } from './campaignForm'
import { localReadiness } from './readiness'

afterEach(() => vi.unstubAllGlobals())

const check = (key: string, field: string, label: string, ok: boolean, required: boolean, message: string) => ({ key, field, label, ok, required, message })

describe('activation checklist card', () => {
  it('shows done, missing and warning items, each missing one with a link to fix it', async () => {
    mockFetch({
      'GET /api/campaigns/c-1/readiness': () =>
        jsonResponse({
          campaignId: 'c-1',
          status: 'draft',
          ready: false,
          checks: [
            check('rtbTargets', 'rtbTargets', 'RTB targets', true, true, '1 enabled, active target'),
            check('numbers', 'phoneNumbers', 'Tracking numbers', false, true, 'assign a phone number or a pool with numbers before activating'),
            check('fallback', 'rtb.fallback', 'Fallback', false, false, 'no buyer to fall back to'),
          ],
        }),
    })
    renderWithProviders(<CampaignReadinessCard campaign={campaign({ type: 'rtb' })} />)
    const list = await screen.findByRole('list', { name: 'Activation checklist' })
    expect(list).toHaveTextContent('Done: RTB targets')
    expect(list).toHaveTextContent('Missing: Tracking numbers')
    expect(list).toHaveTextContent('Assign a phone number or a pool with numbers before activating')
    expect(list).toHaveTextContent('Warning: Fallback')
    expect(screen.getByText(/1 required item is missing/)).toBeInTheDocument()
    expect(screen.getByRole('link', { name: /Edit numbers\s*for Tracking numbers/ })).toHaveAttribute('href', '/campaigns/c-1/edit?step=numbers')
    expect(screen.getByRole('link', { name: /Edit auction settings\s*for Fallback/ })).toHaveAttribute('href', '/campaigns/c-1/edit?step=numbers')
    expect(screen.queryByRole('button', { name: 'Activate' })).not.toBeInTheDocument()
  })

  it('offers "Activate" once ready, and refreshes the checklist after it', async () => {
    let status = 'draft'
    const fetchMock = mockFetch({
      'GET /api/campaigns/c-1/readiness': () =>
        jsonResponse({ campaignId: 'c-1', status, ready: true, checks: [check('buyers', 'buyers', 'Active buyers', true, true, '1 active buyer')] }),
      'PATCH /api/campaigns/c-1': () => {
        status = 'active'
        return jsonResponse({ id: 'c-1', updated: true, changes: ['status'] })
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<CampaignReadinessCard campaign={campaign()} />)
    await user.click(await screen.findByRole('button', { name: 'Activate' }))
    expect(await screen.findByText('The campaign is live.')).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'PATCH /api/campaigns/c-1')).toEqual({ status: 'active' })
    expect(screen.queryByRole('button', { name: 'Activate' })).not.toBeInTheDocument()
  })
})

describe('local readiness of a new campaign', () => {
  const base = defaultCampaignValues()
  const failing = (checks: { key: string; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.key)

  it('direct needs a number and an active buyer', () => {
    expect(failing(localReadiness(base))).toEqual(['numbers', 'buyers'])
    const paused = { buyerId: 1, buyerName: 'A', priority: '1', weight: '1', maxConcurrentCalls: '', hourlyCap: '', dailyCap: '', monthlyCap: '', status: 'paused' as const }
    expect(failing(localReadiness({ ...base, phoneNumberIds: [1], buyers: [paused] }))).toEqual(['buyers'])
    expect(failing(localReadiness({ ...base, phoneNumberIds: [1], buyers: [{ ...paused, status: 'active' }] }))).toEqual([])
  })

  it('pool needs a pool with numbers and a buyer', () => {
    expect(failing(localReadiness({ ...base, type: 'pool' }))).toEqual(['pool', 'poolNumbers', 'buyers'])
    expect(failing(localReadiness({ ...base, type: 'pool', poolId: '3' }, 0))).toEqual(['poolNumbers', 'buyers'])
    expect(failing(localReadiness({ ...base, type: 'pool', poolId: '3' }, 4))).toEqual(['buyers'])
  })

  it('rtb needs an enabled RTB target and a number, not a buyer', () => {
    expect(failing(localReadiness({ ...base, type: 'rtb' }))).toEqual(['rtbTargets', 'numbers'])
    const target = { rtbTargetId: 7, name: 'Acme', priority: 5, enabled: false }
    expect(failing(localReadiness({ ...base, type: 'rtb', rtbTargets: [target], phoneNumberIds: [1] }))).toEqual(['rtbTargets'])
    expect(failing(localReadiness({ ...base, type: 'rtb', rtbTargets: [{ ...target, enabled: true }], phoneNumberIds: [1] }))).toEqual([])
  })
})
