/** Reports and activity objects for tests, in the shapes of docs/api/reports.md. */
import type { ActivityEntry } from '@/api/activity'
import { emptySpec, type Delivery, type Report, type ReportResult, type ReportRow, type ReportSpec } from '@/api/reports'

export function activityEntry(overrides: Partial<ActivityEntry> = {}): ActivityEntry {
  return {
    id: 1,
    kind: 'campaign.created',
    severity: 'info',
    message: 'Campaign “Spring Promo” was created',
    entityType: 'campaign',
    entityId: 'c-1',
    createdAt: '2026-11-25T11:55:00Z',
    ...overrides,
  }
}

export function reportRow(keys: (string | null)[], labels: string[], values: ReportRow['values']): ReportRow {
  return { keys, labels, values }
}

/** The answer of POST /api/reports/run for `spec`, with these rows and totals. */
export function reportResult(spec: Partial<ReportSpec>, rows: ReportRow[], totals: ReportResult['totals'] = {}, overrides: Partial<ReportResult> = {}): ReportResult {
  const full = emptySpec(spec)
  return {
    dimensions: full.dimensions,
    metrics: full.metrics,
    from: '2026-10-27',
    to: '2026-11-25',
    chartType: full.chartType,
    rows,
    totals,
    truncated: false,
    ...overrides,
  }
}

export function delivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: 90,
    reportId: 5,
    status: 'sent',
    attempts: 1,
    lastError: null,
    recipients: ['ops@example.com'],
    scheduledFor: '2026-11-23T08:00:00Z',
    sentAt: '2026-11-23T08:00:04Z',
    nextAttemptAt: null,
    createdAt: '2026-11-23T08:00:00Z',
    ...overrides,
  }
}

export function savedReport(overrides: Partial<Report> = {}): Report {
  return {
    id: 5,
    name: 'Campaign revenue',
    spec: emptySpec({ dimensions: ['campaign'], metrics: ['calls', 'revenue'] }),
    schedule: { frequency: 'none', weekday: 1, hour: 8, recipients: [] },
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-20T10:00:00Z',
    nextRunAt: null,
    lastDelivery: null,
    ...overrides,
  }
}
