/** Call flows: `/api/call-flows` (typed from openapi.json), and the simulator (typed here). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, isApiError, request } from './client'
import type { ListParams } from './list'
import { queryKeys } from './queryKeys'
import type { components } from './schema'

type Schemas = components['schemas']

export type CallFlowSummary = Schemas['CallFlowSummaryOut']
export type CallFlow = Schemas['CallFlowOut']
export type CallFlowVersion = Schemas['CallFlowVersionOut']
export type CallFlowInput = Schemas['CallFlowIn']
export type CallFlowProblem = Schemas['ProblemOut']
export type FlowAnalytics = Schemas['FlowAnalytics']
export type FlowNodeStats = Schemas['NodeStats']
export type FlowPathStats = Schemas['PathStats']
export type FlowSplitStats = Schemas['SplitStats']
/** The call flow a call ran (in a call's details). */
export type CallFlowPath = Schemas['CallFlowPathOut']

/** The range of analytics: `from`/`to` as YYYY-MM-DD (days, inclusive) or RFC 3339; `to` '' for now. */
export interface AnalyticsRange {
  from: string
  to: string
}

export function listCallFlows(params: ListParams, signal?: AbortSignal) {
  return api.list('/api/call-flows', { query: params, signal })
}

export function getCallFlow(id: number, signal?: AbortSignal) {
  return api.get('/api/call-flows/{id}', { params: { id }, signal })
}

export function createCallFlow(input: CallFlowInput) {
  return api.post('/api/call-flows', input)
}

export function saveCallFlow(id: number, input: CallFlowInput) {
  return api.put('/api/call-flows/{id}', input, { params: { id } })
}

export function deleteCallFlow(id: number) {
  return api.delete('/api/call-flows/{id}', { params: { id } })
}

export function publishCallFlow(id: number, note: string | null) {
  return api.post('/api/call-flows/{id}/publish', { note }, { params: { id } })
}

export function rollbackCallFlow(id: number, version: number, note: string | null) {
  return api.post('/api/call-flows/{id}/rollback', { version, note }, { params: { id } })
}

export function listCallFlowVersions(id: number, signal?: AbortSignal) {
  return api.get('/api/call-flows/{id}/versions', { params: { id }, signal })
}

export function getCallFlowAnalytics(id: number, range: AnalyticsRange, signal?: AbortSignal) {
  return api.get('/api/call-flows/{id}/analytics', {
    params: { id },
    query: { from: range.from, ...(range.to ? { to: range.to } : {}) },
    signal,
  })
}

/** The problems a publish (or simulate) 422 lists in `details.problems`, if it lists any. */
export function problemsOf(error: unknown): CallFlowProblem[] | undefined {
  if (!isApiError(error) || error.status !== 422) return undefined
  const problems = error.details?.problems
  if (!Array.isArray(problems)) return undefined
  return problems.filter(
    (p): p is CallFlowProblem => typeof p === 'object' && p !== null && typeof (p as { message?: unknown }).message === 'string',
  )
}

export function useCallFlow(id: number | undefined) {
  return useQuery({
    queryKey: queryKeys.callFlows.detail(id ?? 0),
    queryFn: ({ signal }) => getCallFlow(id ?? 0, signal),
    enabled: id !== undefined && Number.isFinite(id),
    // The editor owns the draft once loaded: a refetch must not replace what is being edited.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  })
}

/** The flow's analytics over `range` (loaded once `enabled`). */
export function useCallFlowAnalytics(id: number, range: AnalyticsRange, enabled = true) {
  return useQuery({
    queryKey: queryKeys.callFlows.analytics(id, range.from, range.to),
    queryFn: ({ signal }) => getCallFlowAnalytics(id, range, signal),
    enabled,
  })
}

/** The account's flows (first 100 by name), for pickers such as a campaign's. */
export function useCallFlowOptions() {
  return useQuery({
    queryKey: queryKeys.callFlows.options,
    queryFn: ({ signal }) => listCallFlows({ limit: 100, offset: 0, sort: 'name', order: 'asc' }, signal),
  })
}

export function useCallFlowVersions(id: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.callFlows.versions(id),
    queryFn: ({ signal }) => listCallFlowVersions(id, signal),
    enabled,
  })
}

export function useCreateCallFlow() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createCallFlow,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.callFlows.list }),
  })
}

export function useDeleteCallFlow() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteCallFlow,
    onSuccess: (_out, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.callFlows.detail(id) })
      return queryClient.invalidateQueries({ queryKey: queryKeys.callFlows.list })
    },
  })
}

export function usePublishCallFlow(id: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (note: string | null) => publishCallFlow(id, note),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.callFlows.list }),
        queryClient.invalidateQueries({ queryKey: queryKeys.callFlows.versions(id) }),
      ]),
  })
}

export function useRollbackCallFlow(id: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ version, note }: { version: number; note: string | null }) => rollbackCallFlow(id, version, note),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.callFlows.list }),
        queryClient.invalidateQueries({ queryKey: queryKeys.callFlows.versions(id) }),
      ]),
  })
}

// ---- Simulation (POST /api/call-flows/{id}/simulate), not in openapi.json yet -----------

/** One answer of the caller: digits, speech, or nothing (the prompt times out). */
export type SimulationInput = { digits: string } | { speech: string } | { digits?: never; speech?: never }

export interface SimulationRequest {
  graph: unknown
  caller: { number: string; state: string; city: string; zip: string }
  /** RFC 3339; the server's clock when left out. */
  at?: string
  inputs: SimulationInput[]
}

export interface SimulationStep {
  nodeId: string
  nodeType: string
  output: string | null
  edgeId: string | null
  input: string | null
  twiml: string | null
  variables: Record<string, string>
  note: string | null
}

export type SimulationEndKind = 'routeToBuyers' | 'rtbAuction' | 'dial' | 'voicemail' | 'hangup' | 'waiting' | 'error' | 'failed'

export interface SimulationResult {
  steps: SimulationStep[]
  end: { kind: SimulationEndKind | (string & {}); nodeId: string | null; message: string }
  variables: Record<string, string>
  /** Answers left over when the call ended (sent by newer servers). */
  unusedInputs?: number
  /** The graph's publishing problems: the simulation runs anyway (sent by newer servers). */
  problems?: CallFlowProblem[]
}

export function simulateCallFlow(id: number, body: SimulationRequest) {
  return request<SimulationResult>('post', `/api/call-flows/${encodeURIComponent(String(id))}/simulate`, { body })
}

export function useSimulateCallFlow(id: number) {
  return useMutation({ mutationFn: (body: SimulationRequest) => simulateCallFlow(id, body) })
}
