/** IANA time zones the browser knows, with UTC first. */
let cached: string[] | undefined

export function timeZones(): string[] {
  if (cached) return cached
  let zones: string[] = []
  try {
    zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  } catch {
    zones = []
  }
  cached = ['UTC', ...zones.filter((zone) => zone !== 'UTC')]
  return cached
}

/** The browser's own zone, for new records. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}
