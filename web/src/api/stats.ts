import { useQuery } from '@tanstack/react-query'
import { api } from './client'
import { queryKeys } from './queryKeys'

export function useDashboardStats() {
  return useQuery({
    queryKey: queryKeys.dashboardStats,
    queryFn: ({ signal }) => api.get('/api/stats/dashboard', { signal }),
    refetchInterval: 30_000,
  })
}

export function useHistoricalStats(days: number) {
  return useQuery({
    queryKey: queryKeys.historicalStats.range(days),
    queryFn: ({ signal }) => api.get('/api/stats/historical', { query: { days }, signal }),
    // Keep the previous range on screen while the next one loads.
    placeholderData: (previous) => previous,
  })
}
