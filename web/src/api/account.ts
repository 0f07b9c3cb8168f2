/**
 * The signed-in member's own settings (`/api/settings/profile`, `password`, `sessions`,
 * `sign-ins`): they work for every role and always act on the member who asks.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, request } from './client'
import { queryKeys } from './queryKeys'
import type { components } from './schema'

type Schemas = components['schemas']

export type Profile = Schemas['ProfileOut']
export type ProfileInput = Schemas['ProfileIn']
export type PasswordInput = Schemas['PasswordIn']
export type PasswordResult = Schemas['PasswordOut']
export type SignIn = Schemas['SignInOut']

/**
 * One of the member's signed-in sessions. Written out here because openapi.json names it
 * `SessionOut`, the same name as a DNI visitor session, and the generated type of
 * `GET /api/settings/sessions` ends up as the DNI one (whose `id` is a number).
 */
export interface AccountSession {
  /** Opaque, e.g. "0704f6ae99b1faad". */
  id: string
  /** A short name of the browser and system ("Chrome on macOS"). */
  device: string
  userAgent?: string | null
  ipAddress?: string | null
  createdAt: string
  lastSeenAt: string
  /** The session of this browser. */
  current: boolean
}

/** Query keys of this module (kept here, next to their only users). */
export const accountKeys = {
  all: ['account'] as const,
  profile: ['account', 'profile'] as const,
  sessions: ['account', 'sessions'] as const,
  signIns: ['account', 'sign-ins'] as const,
}

export function getProfile(signal?: AbortSignal) {
  return api.get('/api/settings/profile', { signal })
}

export function updateProfile(input: ProfileInput) {
  return api.put('/api/settings/profile', input)
}

export function changePassword(input: PasswordInput) {
  return api.post('/api/settings/password', input)
}

export function listSessions(signal?: AbortSignal) {
  return request<AccountSession[]>('get', '/api/settings/sessions', { signal })
}

export function endSession(id: string) {
  return api.delete('/api/settings/sessions/{id}', { params: { id } })
}

export function endOtherSessions() {
  return request<{ signedOutSessions: number }>('delete', '/api/settings/sessions')
}

export function listSignIns(signal?: AbortSignal) {
  return api.get('/api/settings/sign-ins', { signal })
}

export function useProfile() {
  return useQuery({ queryKey: accountKeys.profile, queryFn: ({ signal }) => getProfile(signal) })
}

/** Saves the profile; the current user (which carries the time zone used for every time shown) is fetched afresh. */
export function useUpdateProfile() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (profile) => {
      queryClient.setQueryData(accountKeys.profile, profile)
      return queryClient.invalidateQueries({ queryKey: queryKeys.currentUser })
    },
  })
}

/** Changes the password; the other sessions end, so the session list is fetched afresh. */
export function useChangePassword() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessions }),
  })
}

export function useSessions() {
  return useQuery({ queryKey: accountKeys.sessions, queryFn: ({ signal }) => listSessions(signal) })
}

export function useSignIns() {
  return useQuery({ queryKey: accountKeys.signIns, queryFn: ({ signal }) => listSignIns(signal) })
}

/** Signs one session out (the caller handles the current one: that is signing out here). */
export function useEndSession() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (session: AccountSession) => endSession(session.id),
    onSuccess: (_answer, session) => {
      if (!session.current) return queryClient.invalidateQueries({ queryKey: accountKeys.sessions })
    },
  })
}

export function useEndOtherSessions() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: endOtherSessions,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessions }),
  })
}
