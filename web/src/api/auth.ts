/** Session hooks: who is signed in, sign in (with its two-factor step), sign out. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { queryKeys } from './queryKeys'
import type { components } from './schema'
import type { LoginInput, LoginResult } from './types'

/** The 202 answer of `POST /api/auth/login` for a member with two-factor sign-in on. */
export type TwoFactorChallenge = components['schemas']['TwoFactorChallengeOut']
export type TwoFactorLoginInput = components['schemas']['TwoFactorLoginIn']

/** True when the password was right and a code is due (no session yet). */
export function isTwoFactorChallenge(result: LoginResult): result is TwoFactorChallenge {
  return typeof result === 'object' && result !== null && 'twoFactorRequired' in result && result.twoFactorRequired === true
}

export function useCurrentUser() {
  return useQuery({
    queryKey: queryKeys.currentUser,
    queryFn: ({ signal }) => api.get('/api/auth/user', { signal }),
    staleTime: 5 * 60_000,
  })
}

export function useLogin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: LoginInput) => api.post('/api/auth/login', input),
    // The login answer lacks fields such as timeZone: fetch the full user afresh. A two-factor
    // challenge signs nobody in yet: nothing changes until its code is accepted.
    onSuccess: (result) => {
      if (!isTwoFactorChallenge(result)) queryClient.removeQueries()
    },
  })
}

/** The second step of a sign-in: the challenge with a code from the app or a recovery code. */
export function useTwoFactorLogin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: TwoFactorLoginInput) => api.post('/api/auth/two-factor', input),
    onSuccess: () => queryClient.removeQueries(),
  })
}

export function useLogout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api.post('/api/auth/logout'),
    // Whatever the server said, nothing cached may outlive the session in this tab.
    onSettled: () => queryClient.clear(),
  })
}
