import { afterEach, describe, expect, it, vi } from 'vitest'
import { campaign } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, mockFetch } from '@/test/render'
import { campaignToValues, defaultCampaignValues } from './campaignForm'
import { CampaignSaveError, saveCampaign } from './saveCampaign'

afterEach(() => vi.unstubAllGlobals())

const target = { rtbTargetId: 7, name: 'Acme Bidder', priority: 3, enabled: true }

describe('saveCampaign, RTB campaigns', () => {
  it('creates a draft, then saves buyers, targets and numbers, and activates last', async () => {
    const fetchMock = mockFetch({
      'POST /api/campaigns': () => jsonResponse({ id: 'c-2', name: 'Bids', status: 'draft', created: true }, 201),
      'PUT /api/campaigns/c-2/buyers': () => jsonResponse([]),
      'PUT /api/rtb/campaigns/c-2/targets': () => jsonResponse([]),
      'POST /api/campaigns/c-2/numbers': () => jsonResponse({}),
      'PATCH /api/campaigns/c-2': () => jsonResponse({}),
    })
    const values = { ...defaultCampaignValues(), name: 'Bids', type: 'rtb' as const, status: 'active' as const, rtbTargets: [target], phoneNumberIds: [11] }
    await expect(saveCampaign(values)).resolves.toEqual({ id: 'c-2', created: true })
    expect(calledRoutes(fetchMock)).toEqual([
      'POST /api/campaigns',
      'PUT /api/campaigns/c-2/buyers',
      'PUT /api/rtb/campaigns/c-2/targets',
      'POST /api/campaigns/c-2/numbers',
      'PATCH /api/campaigns/c-2',
    ])
    expect(bodyOf(fetchMock, 'PUT /api/rtb/campaigns/c-2/targets')).toEqual([{ rtbTargetId: 7, priority: 3, enabled: true }])
  })

  it('names the targets stage and the saved campaign when the targets are refused', async () => {
    mockFetch({
      'GET /api/campaigns/c-1': () => jsonResponse(campaign({ type: 'rtb', routingType: 'rtb' })),
      'PUT /api/campaigns/c-1': () => jsonResponse({}),
      'PUT /api/campaigns/c-1/buyers': () => jsonResponse([]),
      'PUT /api/rtb/campaigns/c-1/targets': () => errorResponse(404, 'NOT_FOUND', 'RTB target 7 not found'),
    })
    const values = { ...campaignToValues(campaign({ type: 'rtb', routingType: 'rtb' })), rtbTargets: [target] }
    const error = await saveCampaign(values, 'c-1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CampaignSaveError)
    expect((error as CampaignSaveError).stage).toBe('rtbTargets')
    expect((error as CampaignSaveError).campaignId).toBe('c-1')
  })

  it('does not touch RTB targets for a direct campaign', async () => {
    const fetchMock = mockFetch({
      'POST /api/campaigns': () => jsonResponse({ id: 'c-3', name: 'Direct', status: 'draft', created: true }, 201),
      'PUT /api/campaigns/c-3/buyers': () => jsonResponse([]),
    })
    await saveCampaign({ ...defaultCampaignValues(), name: 'Direct', rtbTargets: [target] })
    expect(calledRoutes(fetchMock)).toEqual(['POST /api/campaigns', 'PUT /api/campaigns/c-3/buyers'])
  })
})
