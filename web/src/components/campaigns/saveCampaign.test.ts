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
  it('moves an RTB campaign from picked numbers to a pool: releases the picked ones, then allocates', async () => {
    const before = campaign({ type: 'rtb', routingType: 'rtb', phoneNumbers: [{ id: 11, phoneNumber: '+12125550100', poolId: null }] })
    const fetchMock = mockFetch({
      'GET /api/campaigns/c-1': () => jsonResponse(before),
      'PUT /api/campaigns/c-1': () => jsonResponse({}),
      'PUT /api/campaigns/c-1/buyers': () => jsonResponse([]),
      'PUT /api/rtb/campaigns/c-1/targets': () => jsonResponse([]),
      'DELETE /api/campaigns/c-1/numbers/11': () => jsonResponse([]),
      'POST /api/campaigns/c-1/numbers/allocate': () => jsonResponse([{ id: 31, phoneNumber: '+12125550131', poolId: 3 }]),
    })
    const values = { ...campaignToValues(before), rtbNumberSource: 'pool' as const, poolId: '3', allocateCount: '2' }
    await expect(saveCampaign(values, 'c-1')).resolves.toEqual({ id: 'c-1', created: false, shortfall: { wanted: 2, got: 1 } })
    expect(calledRoutes(fetchMock)).toEqual([
      'PUT /api/campaigns/c-1',
      'PUT /api/campaigns/c-1/buyers',
      'PUT /api/rtb/campaigns/c-1/targets',
      'DELETE /api/campaigns/c-1/numbers/11',
      'POST /api/campaigns/c-1/numbers/allocate',
    ])
    expect(bodyOf(fetchMock, 'PUT /api/campaigns/c-1')).toMatchObject({ poolId: 3 })
    expect(bodyOf(fetchMock, 'POST /api/campaigns/c-1/numbers/allocate')).toEqual({ count: 2 })
  })

  it('reads an RTB campaign with a pool back as a pool choice', () => {
    const values = campaignToValues(
      campaign({ type: 'rtb', routingType: 'rtb', poolId: 3, phoneNumbers: [{ id: 31, phoneNumber: '+12125550131', poolId: 3 }] }),
    )
    expect(values).toMatchObject({ rtbNumberSource: 'pool', poolId: '3', allocateCount: '1', phoneNumberIds: [] })
    expect(campaignToValues(campaign({ type: 'rtb', routingType: 'rtb' })).rtbNumberSource).toBe('numbers')
  })
})
