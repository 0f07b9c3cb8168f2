import { renderHook } from '@testing-library/react'
import { useForm } from 'react-hook-form'
import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import { applyServerErrors, normalizeApiField, serverErrorMessage } from './serverErrors'

interface Values {
  name: string
  dailyCallCap: string
  rtbMinBid: string
  buyers: { weight: string }[]
}

function useTestForm() {
  return useForm<Values>({ defaultValues: { name: '', dailyCallCap: '', rtbMinBid: '', buyers: [{ weight: '1' }, { weight: '2' }] } })
}

const invalid = (field: string, reason: string) => new ApiError(422, 'VALIDATION_ERROR', 'Invalid input', { field, reason })

describe('applyServerErrors', () => {
  it('puts a 422 on the field of the same name', () => {
    const { result } = renderHook(useTestForm)
    const outcome = applyServerErrors(result.current, invalid('name', 'is taken'))
    expect(outcome).toEqual({ field: 'name', message: 'is taken' })
    expect(result.current.getFieldState('name').error?.message).toBe('is taken')
  })

  it('maps API names to form names, whole or by their last part', () => {
    const { result } = renderHook(useTestForm)
    expect(applyServerErrors(result.current, invalid('dailyCap', 'too big'), { dailyCap: 'dailyCallCap' }).field).toBe('dailyCallCap')
    expect(applyServerErrors(result.current, invalid('rtb.minBid', 'too low'), { minBid: 'rtbMinBid' }).field).toBe('rtbMinBid')
    expect(result.current.getFieldState('rtbMinBid').error?.message).toBe('too low')
  })

  it('understands indexed paths such as buyers[1].weight', () => {
    expect(normalizeApiField('buyers[1].weight')).toBe('buyers.1.weight')
    const { result } = renderHook(useTestForm)
    expect(applyServerErrors(result.current, invalid('buyers[1].weight', 'is 1 to 100')).field).toBe('buyers.1.weight')
  })

  it('leaves unknown fields and other errors to an alert', () => {
    const { result } = renderHook(useTestForm)
    expect(applyServerErrors(result.current, invalid('nope', 'odd'))).toEqual({ message: 'odd' })
    expect(applyServerErrors(result.current, new ApiError(500, 'INTERNAL_ERROR', 'Boom'))).toEqual({ message: 'Boom' })
    expect(applyServerErrors(result.current, new Error('offline'))).toEqual({ message: 'offline' })
  })

  it('names who holds the thing in a 409', () => {
    const conflict = new ApiError(409, 'CONFLICT', 'Conflict', {
      field: 'phoneNumbers',
      reason: '+12125550100 belongs to another pool',
      heldBy: { kind: 'pool', id: 4, name: 'West Coast' },
    })
    expect(serverErrorMessage(conflict)).toBe('+12125550100 belongs to another pool (held by pool “West Coast”)')
  })
})
