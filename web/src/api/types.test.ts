/**
 * Type-level checks of the names derived from openapi.json (run by `tsc` in `npm run lint`;
 * at run time they only pass). Whether schema.d.ts is up to date is `npm run check:api`.
 */
import { describe, expectTypeOf, it } from 'vitest'
import type { KnownValues } from './client'
import type { CallsExportFormat } from './calls'
import type { ExportFormat } from './reports'
import type { CampaignType, PhoneNumberType, PoolNumbersInput, Schedule } from './types'

describe('API types', () => {
  it('refine a field the document types as a plain string to the documented values', () => {
    expectTypeOf<KnownValues<string, 'a' | 'b'>>().toEqualTypeOf<'a' | 'b'>()
    expectTypeOf<KnownValues<string | null | undefined, 'a' | 'b'>>().toEqualTypeOf<'a' | 'b'>()
    expectTypeOf<CampaignType>().toEqualTypeOf<'direct' | 'pool' | 'rtb'>()
  })

  it("take the document's own enum once it declares one", () => {
    expectTypeOf<KnownValues<'x' | 'y', 'a' | 'b'>>().toEqualTypeOf<'x' | 'y'>()
    expectTypeOf<KnownValues<'x' | null, 'a'>>().toEqualTypeOf<'x'>()
    expectTypeOf<PhoneNumberType>().toEqualTypeOf<'local' | 'toll_free' | 'mobile'>()
  })

  it('keep the shapes the UI relies on', () => {
    expectTypeOf<ExportFormat>().toEqualTypeOf<'csv' | 'xlsx' | 'pdf'>()
    expectTypeOf<CallsExportFormat>().toEqualTypeOf<'csv' | 'xlsx' | 'pdf'>()
    expectTypeOf<Schedule['hours']>().toEqualTypeOf<Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', { start: string; end: string }[]>>>()
    expectTypeOf<{ csv: string }>().toExtend<PoolNumbersInput>()
    expectTypeOf<{ csv: null }>().not.toExtend<PoolNumbersInput>()
  })
})
