/**
 * Reports: running a report spec, its exports, and saved (scheduled) reports with their
 * deliveries (docs/api/reports.md), typed from openapi.json. Two shapes are sharpened by
 * hand: a report's `values`/`totals` (the document says only "metric name → number or
 * decimal string") and the spec the builder sends, which has every field the server
 * would otherwise default. Saved reports are normalised to that full spec when they arrive.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, type KnownValues, type PathSuffixes } from './client'
import { postForFile, type DownloadedFile } from './download'
import type { components } from './schema'

type Schemas = components['schemas']

export type Dimension = Schemas['Dimension']
export const DIMENSIONS = [
  'campaign',
  'buyer',
  'day',
  'hour',
  'state',
  'status',
  'rtbTarget',
  'source',
  'medium',
  'utmCampaign',
  'term',
  'content',
  'parameter',
] as const satisfies readonly Dimension[]

export type Metric = Schemas['Metric']
export const METRICS = [
  'calls',
  'connected',
  'converted',
  'conversionRate',
  'revenue',
  'payout',
  'cost',
  'profit',
  'averageDuration',
  'rpc',
] as const satisfies readonly Metric[]

export type ReportRange = Schemas['Range']
export const RANGES = ['today', 'yesterday', 'last7', 'last30', 'thisMonth', 'lastMonth', 'custom'] as const satisfies readonly ReportRange[]

export type ChartType = Schemas['ChartType']
export const CHART_TYPES = ['bar', 'line', 'pie', 'table'] as const satisfies readonly ChartType[]

/** The formats of `POST /api/reports/run.{format}` (and of a saved report's export), in this order. */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const satisfies readonly PathSuffixes<'/api/reports/run.'>[]
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** Every filter present: null when not filtering (the same meaning as the call list's filters). */
export type ReportFilters = { [K in keyof Schemas['ReportFilters']]-?: NonNullable<Schemas['ReportFilters'][K]> | null }

/**
 * A spec with every field present, as the builder sends it (POST /api/reports/run's body):
 * 0 to 2 different dimensions, 1 or more different metrics (rows are ranked by the first),
 * `from`/`to` as `YYYY-MM-DD` for a custom range (both included, at most 366 days),
 * `parameter` the tracked URL parameter the `parameter` dimension groups by (null without it).
 */
export type ReportSpec = Omit<Required<Schemas['ReportSpec']>, 'filters'> & { filters: ReportFilters }

/**
 * Counts and averageDuration are numbers, conversionRate a percentage, money a decimal
 * string. openapi.json types `values` and `totals` as objects of anything.
 */
export type MetricValue = number | string | null
export type MetricValues = Partial<Record<Metric, MetricValue>>

export type ReportRow = Omit<Schemas['ReportRowOut'], 'values'> & { values: MetricValues }

export type ReportResult = Omit<Schemas['ReportOut'], 'rows' | 'totals'> & {
  rows: ReportRow[]
  totals: MetricValues
}

export type Frequency = Schemas['Frequency']

export type ReportSchedule = Required<Schemas['ScheduleIo']>

export type DeliveryStatus = KnownValues<Schemas['DeliveryOut']['status'], 'pending' | 'sent' | 'failed'>
export type Delivery = Schemas['DeliveryOut']

/** Body of POST /api/reports and PUT /api/reports/{id}. */
export type ReportInput = Schemas['ReportIn']

/** A saved report, with its spec and schedule filled in. */
export type Report = Omit<Schemas['SavedReportOut'], 'spec' | 'schedule'> & { spec: ReportSpec; schedule: ReportSchedule }

export const NO_SCHEDULE: ReportSchedule = { frequency: 'none', weekday: 1, hour: 8, recipients: [] }

export const reportKeys = {
  all: ['reports'] as const,
  runs: ['reports', 'run'] as const,
  run: (spec: ReportSpec) => ['reports', 'run', spec] as const,
  list: ['reports', 'list'] as const,
  deliveries: (id: number) => ['reports', 'deliveries', id] as const,
  emailStatus: ['reports', 'email-status'] as const,
}

export async function runReport(spec: ReportSpec, signal?: AbortSignal): Promise<ReportResult> {
  const out = await api.post('/api/reports/run', spec, { signal })
  // `values` and `totals` hold what the metrics say they hold (see the file comment).
  return out as ReportResult
}

/**
 * A report kept up to date as a query (the Trends charts, the dashboard's period); `null`
 * runs nothing. `refetchInterval` (ms) refreshes a period that includes today.
 */
export function useReportRun(spec: ReportSpec | null, { refetchInterval }: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: reportKeys.run(spec ?? emptySpec()),
    queryFn: ({ signal }) => runReport(spec ?? emptySpec(), signal),
    enabled: spec !== null,
    placeholderData: keepPreviousData,
    refetchInterval,
  })
}

/** Running a report on demand (the builder's Run button). */
export function useRunReport() {
  return useMutation({ mutationFn: (spec: ReportSpec) => runReport(spec) })
}

/** The file of a spec: POST /api/reports/run.{csv,xlsx,pdf}. */
export function exportReportSpec(spec: ReportSpec, format: ExportFormat): Promise<DownloadedFile> {
  return postForFile(`/api/reports/run.${format}`, spec, `report.${format}`)
}

/** The file of a saved report: GET /api/reports/{id}/export.{csv,xlsx,pdf}. */
export function savedReportExportUrl(id: number, format: ExportFormat): string {
  return `/api/reports/${encodeURIComponent(String(id))}/export.${format}`
}

export function useSavedReports() {
  return useQuery({
    queryKey: reportKeys.list,
    queryFn: ({ signal }) => api.get('/api/reports', { signal }),
    select: (data) => data.reports.map(normalizeReport),
  })
}

export function useSaveReport() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async ({ id, input }: { id?: number; input: ReportInput }): Promise<Report> =>
      normalizeReport(id === undefined ? await api.post('/api/reports', input) : await api.put('/api/reports/{id}', input, { params: { id } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportKeys.list }),
  })
}

export function useDeleteReport() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api.delete('/api/reports/{id}', { params: { id } }),
    onSuccess: (_out, id) => {
      queryClient.removeQueries({ queryKey: reportKeys.deliveries(id) })
      return queryClient.invalidateQueries({ queryKey: reportKeys.list })
    },
  })
}

/** E-mail a saved report to its recipients now: 202 with the queued delivery. */
export function useSendReport() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api.post('/api/reports/{id}/send', undefined, { params: { id } }),
    onSuccess: (_delivery, id) => {
      void queryClient.invalidateQueries({ queryKey: reportKeys.list })
      return queryClient.invalidateQueries({ queryKey: reportKeys.deliveries(id) })
    },
  })
}

/** Whether report e-mails can be sent (a mail server is configured), and from which address. */
export function useEmailStatus() {
  return useQuery({
    queryKey: reportKeys.emailStatus,
    queryFn: ({ signal }) => api.get('/api/reports/email-status', { signal }),
    staleTime: 60_000,
  })
}

/** The latest 50 deliveries of a saved report; refreshed while one is still pending. */
export function useDeliveries(id: number | undefined) {
  return useQuery({
    queryKey: reportKeys.deliveries(id ?? 0),
    queryFn: ({ signal }) => api.get('/api/reports/{id}/deliveries', { params: { id: id ?? 0 }, signal }),
    select: (data) => data.deliveries,
    enabled: id !== undefined,
    refetchInterval: (query) => (query.state.data?.deliveries.some((d) => d.status === 'pending') ? 5000 : false),
  })
}

export function emptyFilters(): ReportFilters {
  return { campaignId: null, buyerId: null, status: null, callerState: null, rtbTargetId: null, source: null, medium: null, utmCampaign: null, utmTerm: null, utmContent: null, param: null }
}

/** A spec with the contract's defaults: no dimension, calls, the last 30 days, a bar chart. */
export function emptySpec(overrides: Partial<ReportSpec> = {}): ReportSpec {
  return {
    dimensions: [],
    metrics: ['calls'],
    range: 'last30',
    from: null,
    to: null,
    parameter: null,
    filters: emptyFilters(),
    chartType: 'bar',
    ...overrides,
  }
}

/** A spec as saved (the server leaves out what is unset), with every field filled in. */
export function normalizeSpec(spec: Schemas['ReportSpec']): ReportSpec {
  const f = spec.filters ?? {}
  return {
    dimensions: spec.dimensions ?? [],
    metrics: spec.metrics,
    range: spec.range ?? 'last30',
    from: spec.from ?? null,
    to: spec.to ?? null,
    parameter: spec.parameter ?? null,
    filters: {
      campaignId: f.campaignId ?? null,
      buyerId: f.buyerId ?? null,
      status: f.status ?? null,
      callerState: f.callerState ?? null,
      rtbTargetId: f.rtbTargetId ?? null,
      source: f.source ?? null,
      medium: f.medium ?? null,
      utmCampaign: f.utmCampaign ?? null,
      utmTerm: f.utmTerm ?? null,
      utmContent: f.utmContent ?? null,
      param: f.param ?? null,
    },
    chartType: spec.chartType ?? 'bar',
  }
}

export function normalizeReport(report: Schemas['SavedReportOut']): Report {
  const s = report.schedule
  return {
    ...report,
    spec: normalizeSpec(report.spec),
    schedule: {
      frequency: s.frequency ?? NO_SCHEDULE.frequency,
      weekday: s.weekday ?? NO_SCHEDULE.weekday,
      hour: s.hour ?? NO_SCHEDULE.hour,
      recipients: s.recipients ?? [],
    },
  }
}
