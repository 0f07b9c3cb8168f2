import { describe, expect, it } from 'vitest'
import { rejectionText } from './rejection'

describe('rejection text', () => {
  it('names the reason and its code once', () => {
    expect(rejectionText('Final capacity check', 1006)).toBe('Final capacity check (Code: 1006)')
    expect(rejectionText('Time-based filter (Code: 1004)', 1004)).toBe('Time-based filter (Code: 1004)')
    expect(rejectionText(null, 1103)).toBe('Rejected (Code: 1103)')
    expect(rejectionText('Bad bid', null)).toBe('Bad bid')
    expect(rejectionText(null, null)).toBeUndefined()
  })
})
