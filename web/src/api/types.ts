/** Names for the API shapes the app uses, derived from the generated OpenAPI types. */
import type { JsonBody, JsonResponse } from './client'

export type LoginInput = JsonBody<'/api/auth/login', 'post'>
export type LoginResult = JsonResponse<'/api/auth/login', 'post'>
export type CurrentUser = JsonResponse<'/api/auth/user', 'get'>
export type DashboardStats = JsonResponse<'/api/stats/dashboard', 'get'>
export type RecentCall = DashboardStats['recentCalls'][number]
