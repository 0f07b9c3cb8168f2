/**
 * The account requires two-factor sign-in and this member has not set it up: the server refuses
 * nearly every request with 403 TWO_FACTOR_SETUP_REQUIRED. The query client reports each such
 * refusal here, and the signed-in layout sends the member to the set-up (Settings → Security)
 * instead of every page showing the error.
 */
import { useSyncExternalStore } from 'react'

/** Where the set-up is. */
export const TWO_FACTOR_SETUP_PATH = '/settings/security'

let refusals = 0
const listeners = new Set<() => void>()

/** Called for every answer refused with TWO_FACTOR_SETUP_REQUIRED. */
export function reportTwoFactorSetupRequired(): void {
  refusals += 1
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** How many refusals there have been: a change means "go to the set-up". */
export function useTwoFactorSetupRefusals(): number {
  return useSyncExternalStore(
    subscribe,
    () => refusals,
    () => refusals,
  )
}
