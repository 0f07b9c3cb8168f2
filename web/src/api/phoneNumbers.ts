/** Phone numbers: `/api/phone-numbers` (docs/api/management.md), typed from openapi.json. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { MAX_PAGE, type ListParams } from './list'
import { queryKeys } from './queryKeys'
import type { ImportInput, PhoneNumberInput, PhoneNumberPatch } from './types'

export function listPhoneNumbers(params: ListParams, signal?: AbortSignal) {
  return api.list('/api/phone-numbers', { query: params, signal })
}

export function createPhoneNumber(input: PhoneNumberInput) {
  return api.post('/api/phone-numbers', input)
}

export function updatePhoneNumber(id: number, patch: PhoneNumberPatch) {
  return api.patch('/api/phone-numbers/{id}', patch, { params: { id } })
}

export function deletePhoneNumber(id: number) {
  return api.delete('/api/phone-numbers/{id}', { params: { id } })
}

export function getNumberHistory(id: number, signal?: AbortSignal) {
  return api.get('/api/phone-numbers/{id}/history', { params: { id }, signal })
}

/** Checks (dryRun) or imports a CSV. A 422 carries the same report in `error.details.rows`. */
export function importPhoneNumbers(input: ImportInput) {
  return api.post('/api/phone-numbers/import', input)
}

/** Numbers held by no campaign (first 200), for the wizard's and the pool's pickers. */
export function useUnassignedNumbers(enabled = true) {
  return useQuery({
    queryKey: queryKeys.phoneNumbers.unassigned,
    queryFn: ({ signal }) =>
      listPhoneNumbers({ limit: MAX_PAGE, offset: 0, unassigned: true, sort: 'phoneNumber', order: 'asc' }, signal),
    enabled,
  })
}

export function useNumberHistory(id: number | undefined) {
  return useQuery({
    queryKey: queryKeys.phoneNumbers.history(id ?? 0),
    queryFn: ({ signal }) => getNumberHistory(id ?? 0, signal),
    enabled: id !== undefined,
  })
}

function useInvalidateNumbers() {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.phoneNumbers.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.pools.all }),
    ])
}

export function useCreatePhoneNumber() {
  const invalidate = useInvalidateNumbers()
  return useMutation({ mutationFn: createPhoneNumber, onSuccess: invalidate })
}

/** Sets (a flow id) or clears (null) the call flow a number's calls run in place of their campaign's. */
export function useSetNumberCallFlow() {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateNumbers()
  return useMutation({
    mutationFn: ({ id, callFlowId }: { id: number; callFlowId: number | null }) => updatePhoneNumber(id, { callFlowId }),
    onSuccess: () =>
      Promise.all([
        invalidate(),
        // The flows' "used by" lists change.
        queryClient.invalidateQueries({ queryKey: queryKeys.callFlows.all }),
      ]),
  })
}

export function useDeletePhoneNumber() {
  const invalidate = useInvalidateNumbers()
  return useMutation({ mutationFn: deletePhoneNumber, onSuccess: invalidate })
}

export function useImportPhoneNumbers() {
  const invalidate = useInvalidateNumbers()
  return useMutation({
    mutationFn: importPhoneNumbers,
    onSuccess: (_report, input) => (input.dryRun ? undefined : invalidate()),
  })
}
