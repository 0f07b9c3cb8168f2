/**
 * Files from the API that need a request body (report exports): fetched with the session
 * cookie, errors read as the usual envelope, the file name taken from Content-Disposition.
 */
import { ApiError, toApiError } from './client'

export interface DownloadedFile {
  blob: Blob
  filename: string
  contentType: string
}

/**
 * The file name of a `Content-Disposition` header: `filename*` (RFC 5987, UTF-8) wins over
 * `filename`; `fallback` when there is neither. Path separators are never kept.
 */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback
  let name: string | undefined
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (extended?.[2]) {
    try {
      name = decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''))
    } catch {
      name = undefined
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*("((?:\\.|[^"\\])*)"|[^;]+)/i.exec(header)
    name = plain ? (plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1]?.trim()) : undefined
  }
  const safe = name?.split(/[\\/]/).pop()?.trim()
  return safe ? safe : fallback
}

/** POSTs `body` as JSON and answers the file the server sends back. */
export async function postForFile(path: string, body: unknown, fallbackName: string): Promise<DownloadedFile> {
  let response: Response
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: '*/*' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the server. Check your connection and try again.')
  }
  if (!response.ok) throw toApiError(response.status, response.headers, await response.text())
  const blob = await response.blob()
  return {
    blob,
    filename: filenameFromDisposition(response.headers.get('content-disposition'), fallbackName),
    contentType: response.headers.get('content-type') ?? blob.type,
  }
}

/** Hands a fetched file to the browser as a download. */
export function saveFile({ blob, filename }: Pick<DownloadedFile, 'blob' | 'filename'>): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
