/**
 * Two-factor sign-in (TOTP): the member's own state, set-up, recovery codes, and the
 * account-wide requirement (`/api/settings/two-factor*`, `/api/settings/security`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, isTwoFactorSetupRequired } from './client'
import type { components } from './schema'

type Schemas = components['schemas']

export type TwoFactorStatus = Schemas['TwoFactorOut']
export type TwoFactorSetup = Schemas['TwoFactorSetupOut']
export type RecoveryCodes = Schemas['RecoveryCodesOut']
export type AccountSecurity = Schemas['AccountSecurityOut']
export type AccountSecurityChange = Schemas['AccountSecurityIn']

export const twoFactorKeys = {
  status: ['account', 'two-factor'] as const,
  accountSecurity: ['account', 'security'] as const,
}

export function useTwoFactorStatus() {
  return useQuery({ queryKey: twoFactorKeys.status, queryFn: ({ signal }) => api.get('/api/settings/two-factor', { signal }) })
}

/** Starts (or restarts) the set-up: a new secret waiting for its first code. */
export function useStartTwoFactorSetup() {
  return useMutation({ mutationFn: () => api.post('/api/settings/two-factor/setup') })
}

/**
 * Turns two-factor sign-in on with a first code; answers the recovery codes, shown once. What
 * the server refused until then (TWO_FACTOR_SETUP_REQUIRED) is forgotten, to load afresh.
 */
export function useEnableTwoFactor() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (code: string) => api.post('/api/settings/two-factor/enable', { code }),
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (query) => isTwoFactorSetupRequired(query.state.error) })
      return queryClient.invalidateQueries({ queryKey: twoFactorKeys.status })
    },
  })
}

export function useDisableTwoFactor() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (password: string) => api.post('/api/settings/two-factor/disable', { password }),
    onSuccess: (status) => queryClient.setQueryData(twoFactorKeys.status, status),
  })
}

/** New recovery codes in place of the old ones. */
export function useNewRecoveryCodes() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (password: string) => api.post('/api/settings/two-factor/recovery-codes', { password }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: twoFactorKeys.status }),
  })
}

export function useAccountSecurity(enabled = true) {
  return useQuery({
    queryKey: twoFactorKeys.accountSecurity,
    queryFn: ({ signal }) => api.get('/api/settings/security', { signal }),
    enabled,
  })
}

/** Owners only: require two-factor sign-in of every member. */
export function useUpdateAccountSecurity() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: AccountSecurityChange) => api.put('/api/settings/security', input),
    onSuccess: (security) => {
      queryClient.setQueryData(twoFactorKeys.accountSecurity, security)
      return queryClient.invalidateQueries({ queryKey: twoFactorKeys.status })
    },
  })
}
