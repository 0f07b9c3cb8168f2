/** Answers of POST /api/reports/run for the Performance section (calls by day of one campaign or buyer). */
import type { ReportSpec } from '@/api/reports'
import { jsonResponse } from './render'
import { reportResult, reportRow } from './reportFixtures'

/** Records each spec asked for in `specs` and answers two days with calls (or none with `empty`). */
export function performanceAnswer(specs: ReportSpec[], { empty = false } = {}) {
  return (init: RequestInit | undefined) => {
    const spec = JSON.parse(String(init?.body)) as ReportSpec
    specs.push(spec)
    if (empty) {
      return jsonResponse(
        reportResult(spec, [reportRow(['2026-11-24'], ['2026-11-24'], { calls: 0, connected: 0, revenue: '0.00', conversionRate: null, averageDuration: null })], {
          calls: 0,
          revenue: '0.00',
        }),
      )
    }
    return jsonResponse(
      reportResult(
        spec,
        [
          reportRow(['2026-11-24'], ['2026-11-24'], { calls: 8, connected: 6, converted: 2, conversionRate: 25, revenue: '200.00', averageDuration: 95 }),
          reportRow(['2026-11-25'], ['2026-11-25'], { calls: 12, connected: 9, converted: 3, conversionRate: 25, revenue: '310.50', averageDuration: 125 }),
        ],
        { calls: 20, connected: 15, converted: 5, conversionRate: 25, revenue: '510.50', averageDuration: 113 },
        { from: '2026-11-24', to: '2026-11-25' },
      ),
    )
  }
}
