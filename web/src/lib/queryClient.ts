import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { isAddressNotAllowed, isApiError, isTwoFactorSetupRequired, isUnauthorized } from '@/api/client'
import { queryKeys } from '@/api/queryKeys'
import { reportTwoFactorSetupRequired } from './twoFactorGate'

/**
 * Client errors (4xx) are not retried: asking again will not change the answer.
 * A 401 from any query means the session ended: re-check the current user, which
 * makes the authenticated layout send the user to /login. A 403 TWO_FACTOR_SETUP_REQUIRED
 * (from a query or a mutation) means the account requires two-factor sign-in and the member
 * has not set it up: the layout sends them to the set-up (lib/twoFactorGate.ts). A 403
 * ADDRESS_NOT_ALLOWED (the account's allowed addresses no longer include this one) also
 * re-checks the current user, whose refusal the layout shows in place of the app, saying why.
 *
 * Requests are sent even when the browser says it is offline (`networkMode: 'always'`): a
 * paused query would show its skeleton for ever, where a failed one shows an error with Retry.
 */
export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        const isUserQuery = query.queryKey[0] === queryKeys.currentUser[0]
        if ((isUnauthorized(error) || isAddressNotAllowed(error)) && !isUserQuery) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.currentUser })
        }
        if (isTwoFactorSetupRequired(error)) reportTwoFactorSetupRequired()
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isTwoFactorSetupRequired(error)) reportTwoFactorSetupRequired()
      },
    }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => {
          if (isApiError(error) && error.status >= 400 && error.status < 500) return false
          return failureCount < 2
        },
        refetchOnWindowFocus: true,
        networkMode: 'always',
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  })
  return queryClient
}
