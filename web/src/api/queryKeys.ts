/** Query keys in one place so invalidation and tests agree on them. */
export const queryKeys = {
  currentUser: ['auth', 'user'] as const,
  dashboardStats: ['stats', 'dashboard'] as const,
}
