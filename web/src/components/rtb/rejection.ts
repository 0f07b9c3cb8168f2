/** "Final capacity check (Code: 1006)"; undefined when there is neither reason nor code. The API's reason may carry its code already. */
export function rejectionText(reason: string | null | undefined, code: number | null | undefined): string | undefined {
  if (!reason && code == null) return undefined
  if (code == null) return reason ?? undefined
  if (reason?.includes(`(Code: ${code})`)) return reason
  return `${reason || 'Rejected'} (Code: ${code})`
}
