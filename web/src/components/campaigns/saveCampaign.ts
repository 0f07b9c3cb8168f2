/**
 * Saving the wizard takes several requests, in this order:
 *   1. POST /api/campaigns (or PUT /api/campaigns/:id when editing)
 *   2. PUT  /api/campaigns/:id/buyers
 *   3. PUT  /api/rtb/campaigns/:id/targets (an RTB campaign's bidders)
 *   4. numbers: POST /api/campaigns/:id/numbers per newly picked number (and DELETE for the
 *      unpicked ones), or POST /api/campaigns/:id/numbers/allocate for a pool campaign
 *      (an RTB campaign picks its numbers as a direct one does, or takes them from a pool:
 *      then the numbers it had picked are released and the rest allocated from the pool)
 *   5. PATCH /api/campaigns/:id {status: "active"} when activating
 * Activation needs buyers (or RTB targets) and numbers, which only exist after steps 2 to 4, so a campaign
 * that should become active is saved with its current (or draft) status first and activated
 * last. A failure names the stage and the campaign id (if it was created), so the wizard
 * shows the error on the right step and a retry updates instead of creating a second one.
 */
import {
  allocateCampaignNumbers,
  assignCampaignNumber,
  createCampaign,
  getCampaign,
  patchCampaign,
  releaseCampaignNumber,
  setCampaignBuyers,
  updateCampaign,
} from '@/api/campaigns'
import { setCampaignRtbTargets } from '@/api/rtb'
import type { Campaign } from '@/api/types'
import { usesPool, valuesToBuyerInputs, valuesToCampaignInput, valuesToRtbTargetInputs, type CampaignFormValues } from './campaignForm'

export type SaveStage = 'campaign' | 'buyers' | 'rtbTargets' | 'numbers' | 'activation'

export class CampaignSaveError extends Error {
  override readonly name = 'CampaignSaveError'
  readonly stage: SaveStage
  readonly error: unknown
  /** Set once the campaign exists on the server (so a retry must update it). */
  readonly campaignId: string | undefined

  constructor(stage: SaveStage, error: unknown, campaignId: string | undefined) {
    super(error instanceof Error ? error.message : 'Saving the campaign failed')
    this.stage = stage
    this.error = error
    this.campaignId = campaignId
  }
}

async function stage<T>(name: SaveStage, campaignId: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw new CampaignSaveError(name, error, campaignId)
  }
}

export interface SaveResult {
  id: string
  created: boolean
  /**
   * A pool campaign that asked for more numbers than its pool had free: how many it wanted
   * and how many it holds now (the allocation answers the campaign's numbers).
   */
  shortfall?: { wanted: number; got: number }
}

/** Saves the wizard's values; `campaignId` is set when the campaign already exists. */
export async function saveCampaign(values: CampaignFormValues, campaignId?: string): Promise<SaveResult> {
  const settings = valuesToCampaignInput(values)
  // What the server has now: the numbers to diff against, and whether it is already active.
  const previous: Campaign | undefined = campaignId
    ? await stage('campaign', campaignId, () => getCampaign(campaignId))
    : undefined
  const activateLast = settings.status === 'active' && previous?.status !== 'active'

  let id = campaignId
  if (id === undefined) {
    const created = await stage('campaign', undefined, () =>
      createCampaign({ ...settings, status: activateLast ? 'draft' : settings.status }),
    )
    id = created.id
  } else {
    const { status: _status, ...withoutStatus } = settings
    const existing = id
    await stage('campaign', id, () => updateCampaign(existing, activateLast ? withoutStatus : settings))
  }
  const savedId = id

  await stage('buyers', savedId, () => setCampaignBuyers(savedId, valuesToBuyerInputs(values)))

  if (values.type === 'rtb') {
    await stage('rtbTargets', savedId, () => setCampaignRtbTargets(savedId, valuesToRtbTargetInputs(values)))
  }

  let shortfall: SaveResult['shortfall']
  await stage('numbers', savedId, async () => {
    // Saving the settings released the numbers of a pool the campaign no longer uses.
    const poolId = settings.poolId ?? null
    const leftPool = previous?.poolId != null && previous.poolId !== poolId ? previous.poolId : undefined
    const current = (previous?.phoneNumbers ?? []).filter((n) => leftPool === undefined || n.poolId !== leftPool)
    if (values.type === 'rtb' && usesPool(values)) {
      // An RTB campaign on a pool holds the pool's numbers only: numbers picked before go back.
      for (const n of current) {
        if (n.poolId !== poolId) await releaseCampaignNumber(savedId, n.id)
      }
      const held = current.filter((n) => n.poolId === poolId).length
      const wanted = Number(values.allocateCount || '0')
      if (wanted > held) {
        const holds = await allocateCampaignNumbers(savedId, wanted - held)
        if (Array.isArray(holds) && holds.length < wanted) shortfall = { wanted, got: holds.length }
      }
    } else if (values.type === 'direct' || values.type === 'rtb') {
      const have = new Set(current.map((n) => n.id))
      const want = new Set(values.phoneNumberIds)
      for (const numberId of values.phoneNumberIds) {
        if (!have.has(numberId)) await assignCampaignNumber(savedId, numberId)
      }
      for (const n of current) {
        if (!want.has(n.id)) await releaseCampaignNumber(savedId, n.id)
      }
    } else if (values.type === 'pool') {
      const wanted = Number(values.allocateCount || '0')
      const missing = wanted - current.length
      if (missing > 0) {
        const holds = await allocateCampaignNumbers(savedId, missing)
        if (Array.isArray(holds) && holds.length < wanted) shortfall = { wanted, got: holds.length }
      }
    }
  })

  if (activateLast) {
    await stage('activation', savedId, () => patchCampaign(savedId, { status: 'active' }))
  }
  return { id: savedId, created: campaignId === undefined, ...(shortfall ? { shortfall } : {}) }
}
