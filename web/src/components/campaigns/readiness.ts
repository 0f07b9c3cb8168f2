/**
 * The activation checklist: what a campaign needs before it may go live. A saved campaign
 * asks the server (GET /api/campaigns/:id/readiness); a new one is checked here from the
 * wizard's values with the same required items: direct needs a number and an active buyer,
 * pool a pool with numbers and a buyer, RTB an RTB target and a number.
 */
import type { ReadinessCheck } from '@/api/types'
import type { CampaignFormValues } from './campaignForm'

export type WizardStepId = 'basics' | 'numbers' | 'buyers' | 'advanced'

/** The wizard step that fixes a checklist item (by its stable key). */
export function stepOfCheck(key: string): WizardStepId {
  switch (key) {
    case 'buyers':
    case 'buyersOpenNow':
      return 'buyers'
    case 'numbers':
    case 'poolNumbers':
    case 'pool':
    case 'rtbTargets':
    case 'fallback':
      return 'numbers'
    case 'status':
      return 'basics'
    default:
      return 'advanced'
  }
}

/** What to call the place that fixes an item, for its link. */
export function fixLabel(key: string): string {
  switch (key) {
    case 'buyers':
    case 'buyersOpenNow':
      return 'Edit buyers'
    case 'numbers':
    case 'poolNumbers':
    case 'pool':
      return 'Edit numbers'
    case 'rtbTargets':
      return 'Edit RTB targets'
    case 'fallback':
      return 'Edit auction settings'
    case 'status':
      return 'Edit status'
    default:
      return 'Edit settings'
  }
}

function check(key: string, field: string, label: string, ok: boolean, missing: string, found: string): ReadinessCheck {
  return { key, field, label, ok, required: true, message: ok ? found : missing }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/**
 * The required items for a campaign not saved yet, from the form's values.
 * `poolNumbers` is how many active numbers the chosen pool holds, when known.
 */
export function localReadiness(values: CampaignFormValues, poolNumbers?: number): ReadinessCheck[] {
  const activeBuyers = values.buyers.filter((b) => b.status === 'active').length
  const numbers = values.phoneNumberIds.length
  const buyers = check(
    'buyers',
    'buyers',
    'Active buyers',
    activeBuyers > 0,
    'assign at least one active buyer before activating',
    plural(activeBuyers, 'active buyer', 'active buyers'),
  )
  if (values.type === 'rtb') {
    const targets = values.rtbTargets.filter((t) => t.enabled).length
    const fromPool = values.rtbNumberSource === 'pool'
    const wanted = Number(values.allocateCount || '0')
    const poolOk = values.poolId !== '' && wanted > 0 && (poolNumbers === undefined || poolNumbers > 0)
    return [
      check(
        'rtbTargets',
        'rtbTargets',
        'RTB targets',
        targets > 0,
        'assign at least one active RTB target before activating',
        plural(targets, 'enabled target', 'enabled targets'),
      ),
      fromPool
        ? check(
            'numbers',
            'poolId',
            'Tracking numbers',
            poolOk,
            'assign a phone number or a pool with numbers before activating',
            poolNumbers === undefined ? plural(wanted, 'number to allocate', 'numbers to allocate') : `${plural(poolNumbers, 'active number', 'active numbers')} in the pool`,
          )
        : check(
            'numbers',
            'phoneNumbers',
            'Tracking numbers',
            numbers > 0,
            'assign a phone number or a pool with numbers before activating',
            plural(numbers, 'tracking number', 'tracking numbers'),
          ),
    ]
  }
  if (values.type === 'pool') {
    const hasPool = values.poolId !== ''
    const wanted = Number(values.allocateCount || '0')
    const inPool = hasPool && wanted > 0 && (poolNumbers === undefined || poolNumbers > 0)
    return [
      check('pool', 'poolId', 'Number pool', hasPool, 'a pool campaign needs a number pool to go live', 'a number pool is chosen'),
      check(
        'poolNumbers',
        'poolId',
        'Numbers in the pool',
        inPool,
        hasPool && wanted > 0 ? "the campaign's pool has no active numbers" : 'allocate at least one number from the pool',
        poolNumbers === undefined ? plural(wanted, 'number to allocate', 'numbers to allocate') : plural(poolNumbers, 'active number', 'active numbers') + ' in the pool',
      ),
      buyers,
    ]
  }
  return [
    check(
      'numbers',
      'phoneNumbers',
      'Tracking numbers',
      numbers > 0,
      'assign at least one phone number before activating',
      plural(numbers, 'tracking number', 'tracking numbers'),
    ),
    buyers,
  ]
}

/** A message starts lower case ("assign at least one…"); shown on its own it reads better capitalised. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1)
}
