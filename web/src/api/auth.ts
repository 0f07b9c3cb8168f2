/** Session hooks: who is signed in, sign in, sign out. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { queryKeys } from './queryKeys'
import type { LoginInput } from './types'

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
    // The login answer lacks fields such as timeZone: fetch the full user afresh.
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
