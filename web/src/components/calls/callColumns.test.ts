import { describe, expect, it } from 'vitest'
import { callerPlace, shortSid } from './callColumns'

describe('call list cells', () => {
  it('writes the caller place as an address', () => {
    expect(callerPlace('NEW YORK', 'NY')).toBe('New York, NY')
    expect(callerPlace('WINSTON-SALEM', 'NC')).toBe('Winston-Salem, NC')
    expect(callerPlace('McAllen', 'TX')).toBe('McAllen, TX')
    expect(callerPlace(null, 'CA')).toBe('CA')
    expect(callerPlace(' ', undefined)).toBeUndefined()
  })

  it('shortens a CallSid, keeping both ends', () => {
    expect(shortSid('CA62900b63849fc3eaaaab5cd85e25e582')).toBe('CA62900b…e582')
    expect(shortSid('CAshort')).toBe('CAshort')
  })
})
