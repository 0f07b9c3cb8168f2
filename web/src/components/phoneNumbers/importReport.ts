import { isApiError } from '@/api/client'
import type { ImportReport, ImportRow } from '@/api/types'

function isRow(value: unknown): value is ImportRow {
  const v = value as Partial<ImportRow> | null
  return typeof v === 'object' && v !== null && typeof v.line === 'number' && typeof v.status === 'string'
}

/** The report inside a 422 of POST /api/phone-numbers/import (`error.details.rows`), if any. */
export function reportFromError(error: unknown): ImportReport | undefined {
  if (!isApiError(error) || error.status !== 422) return undefined
  const rows = error.details?.rows
  if (!Array.isArray(rows) || !rows.every(isRow)) return undefined
  return { imported: 0, skipped: rows.filter((r) => r.status !== 'ok').length, rows }
}

export function countRows(rows: readonly ImportRow[]) {
  return {
    ok: rows.filter((r) => r.status === 'ok').length,
    error: rows.filter((r) => r.status === 'error').length,
    duplicate: rows.filter((r) => r.status === 'duplicate').length,
  }
}

/** Reads a chosen file as text (Blob.text where there is one, FileReader otherwise). */
export function readFileText(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text()
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result ?? ''))
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'))
    reader.readAsText(file)
  })
}
