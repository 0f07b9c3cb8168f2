/** "Final capacity check (Code: 1006)"; undefined when there is neither reason nor code. */
export function rejectionText(reason: string | null | undefined, code: number | null | undefined): string | undefined {
  if (!reason && code == null) return undefined
  if (code == null) return reason ?? undefined
  return `${reason || 'Rejected'} (Code: ${code})`
}
