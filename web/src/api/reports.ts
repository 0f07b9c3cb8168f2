/**
 * Reports: running a report spec, its exports, and saved (scheduled) reports with their
 * deliveries (docs/api/reports.md). Hand-written until openapi.json documents `/api/reports`;
 * the shapes follow the contract field for field.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { request } from './client'
import { postForFile, type DownloadedFile } from './download'

export const DIMENSIONS = ['campaign', 'buyer', 'day', 'hour', 'state', 'status', 'rtbTarget', 'source'] as const
export type Dimension = (typeof DIMENSIONS)[number]

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
] as const
export type Metric = (typeof METRICS)[number]

export const RANGES = ['today', 'yesterday', 'last7', 'last30', 'thisMonth', 'lastMonth', 'custom'] as const
export type ReportRange = (typeof RANGES)[number]

export const CHART_TYPES = ['bar', 'line', 'pie', 'table'] as const
export type ChartType = (typeof CHART_TYPES)[number]

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** All optional; the same meaning as the call list's filters. */
export interface ReportFilters {
  campaignId: string | null
  buyerId: number | null
  status: string | null
  callerState: string | null
  rtbTargetId: number | null
  source: string | null
}

/** What to report: POST /api/reports/run's body, also saved with a report. */
export interface ReportSpec {
  /** 0 to 2, all different. */
  dimensions: Dimension[]
  /** 1 or more, all different. */
  metrics: Metric[]
  range: ReportRange
  /** `YYYY-MM-DD`, for a custom range (both included, at most 366 days). */
  from: string | null
  to: string | null
  filters: ReportFilters
  chartType: ChartType
}

/** Counts and averageDuration are numbers, conversionRate a percentage, money a decimal string. */
export type MetricValue = number | string | null

export interface ReportRow {
  /** One per dimension: the id (or day, hour, state...) the row is for. */
  keys: (string | null)[]
  /** One per dimension: what to show for it. */
  labels: string[]
  values: Partial<Record<Metric, MetricValue>>
}

export interface ReportResult {
  dimensions: Dimension[]
  metrics: Metric[]
  from: string
  to: string
  chartType: ChartType
  rows: ReportRow[]
  totals: Partial<Record<Metric, MetricValue>>
  /** More than 1,000 rows existed; only the first are here. */
  truncated: boolean
}

export type Frequency = 'none' | 'daily' | 'weekly'

export interface ReportSchedule {
  frequency: Frequency
  /** 1 (Monday) to 7 (Sunday); weekly only. */
  weekday: number
  /** 0-23 in the user's time zone. */
  hour: number
  recipients: string[]
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed'

export interface Delivery {
  id: number
  status: DeliveryStatus
  attempts: number
  lastError: string | null
  recipients: string[]
  scheduledFor: string
  sentAt: string | null
  createdAt: string
}

/** Body of POST /api/reports and PUT /api/reports/{id}. */
export interface ReportInput {
  name: string
  spec: ReportSpec
  schedule: ReportSchedule
}

export interface Report extends ReportInput {
  id: number
  createdAt: string
  updatedAt: string
  nextRunAt: string | null
  lastDelivery: Delivery | null
}

export const NO_SCHEDULE: ReportSchedule = { frequency: 'none', weekday: 1, hour: 8, recipients: [] }

export const reportKeys = {
  all: ['reports'] as const,
  runs: ['reports', 'run'] as const,
  run: (spec: ReportSpec) => ['reports', 'run', spec] as const,
  list: ['reports', 'list'] as const,
  deliveries: (id: number) => ['reports', 'deliveries', id] as const,
}

export function runReport(spec: ReportSpec, signal?: AbortSignal): Promise<ReportResult> {
  return request<ReportResult>('post', '/api/reports/run', { body: spec, signal })
}

/** A report kept up to date as a query (the Trends charts); `null` runs nothing. */
export function useReportRun(spec: ReportSpec | null) {
  return useQuery({
    queryKey: reportKeys.run(spec ?? emptySpec()),
    queryFn: ({ signal }) => runReport(spec ?? emptySpec(), signal),
    enabled: spec !== null,
    placeholderData: keepPreviousData,
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
    queryFn: ({ signal }) => request<{ reports: Report[] }>('get', '/api/reports', { signal }),
    select: (data) => data.reports,
  })
}

export function useSaveReport() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: ReportInput }) =>
      id === undefined
        ? request<Report>('post', '/api/reports', { body: input })
        : request<Report>('put', '/api/reports/{id}', { params: { id }, body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportKeys.list }),
  })
}

export function useDeleteReport() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => request<undefined>('delete', '/api/reports/{id}', { params: { id } }),
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
    mutationFn: (id: number) => request<Delivery>('post', '/api/reports/{id}/send', { params: { id } }),
    onSuccess: (_delivery, id) => {
      void queryClient.invalidateQueries({ queryKey: reportKeys.list })
      return queryClient.invalidateQueries({ queryKey: reportKeys.deliveries(id) })
    },
  })
}

/** The latest 50 deliveries of a saved report; refreshed while one is still pending. */
export function useDeliveries(id: number | undefined) {
  return useQuery({
    queryKey: reportKeys.deliveries(id ?? 0),
    queryFn: ({ signal }) =>
      request<{ deliveries: Delivery[] }>('get', '/api/reports/{id}/deliveries', { params: { id: id ?? 0 }, signal }),
    select: (data) => data.deliveries,
    enabled: id !== undefined,
    refetchInterval: (query) => (query.state.data?.deliveries.some((d) => d.status === 'pending') ? 5000 : false),
  })
}

export function emptyFilters(): ReportFilters {
  return { campaignId: null, buyerId: null, status: null, callerState: null, rtbTargetId: null, source: null }
}

/** A spec with the contract's defaults: no dimension, calls, the last 30 days, a bar chart. */
export function emptySpec(overrides: Partial<ReportSpec> = {}): ReportSpec {
  return {
    dimensions: [],
    metrics: ['calls'],
    range: 'last30',
    from: null,
    to: null,
    filters: emptyFilters(),
    chartType: 'bar',
    ...overrides,
  }
}
