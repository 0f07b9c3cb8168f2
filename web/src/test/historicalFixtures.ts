import type { HistoricalStats } from '@/api/types'

/** `GET /api/stats/historical?days=N`: every day present, all zero unless overridden. */
export function historicalStats(days: number, overrides: Partial<HistoricalStats> = {}): HistoricalStats {
  const end = Date.UTC(2026, 10, 25)
  const callsByDay = Array.from({ length: days }, (_, i) => ({
    date: new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
    calls: 0,
    revenue: '0.00',
  }))
  return {
    activeCampaigns: 0,
    totalCalls: 0,
    successRate: 0,
    totalRevenue: '0.00',
    averageDuration: 0,
    callsByDay,
    topCampaigns: [],
    ...overrides,
  }
}
