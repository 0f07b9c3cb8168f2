/** The account's members and invitations (`/api/settings/members*`), and accepting an invitation (`/api/auth/invitations/*`). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, type KnownValues } from './client'
import { queryKeys } from './queryKeys'
import type { components } from './schema'

type Schemas = components['schemas']

export type Member = Schemas['MemberOut']
export type Members = Schemas['MembersOut']
export type Invitation = Schemas['InvitationOut']
export type InvitationInput = Schemas['InvitationIn']
export type InvitationCreated = Schemas['InvitationCreatedOut']
export type InvitationPreview = Schemas['InvitationPreviewOut']
export type AcceptInvitationInput = Schemas['AcceptInvitationIn']
export type Role = KnownValues<Member['role'], 'owner' | 'admin' | 'manager' | 'analyst'>
export type InvitationStatus = KnownValues<Invitation['status'], 'pending' | 'expired'>

export function useMembers() {
  return useQuery({ queryKey: queryKeys.members.list, queryFn: ({ signal }) => api.get('/api/settings/members', { signal }) })
}

function useMembersMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient()
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.members.all }) })
}

export function useInviteMember() {
  return useMembersMutation((input: InvitationInput) => api.post('/api/settings/members/invitations', input))
}

export function useWithdrawInvitation() {
  return useMembersMutation((id: number) => api.delete('/api/settings/members/invitations/{id}', { params: { id } }))
}

export function useUpdateMemberRole() {
  return useMembersMutation(({ id, role }: { id: number; role: Role }) => api.patch('/api/settings/members/{id}', { role }, { params: { id } }))
}

export function useRemoveMember() {
  return useMembersMutation((id: number) => api.delete('/api/settings/members/{id}', { params: { id } }))
}

export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: queryKeys.invitation(token),
    queryFn: ({ signal }) => api.get('/api/auth/invitations/{token}', { params: { token }, signal }),
    retry: false,
  })
}

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: AcceptInvitationInput) => api.post('/api/auth/invitations/{token}/accept', input, { params: { token } }),
    // A new session: nothing cached from before may outlive it.
    onSuccess: () => queryClient.removeQueries(),
  })
}
