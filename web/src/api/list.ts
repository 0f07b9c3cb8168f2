/** Parameters shared by every list endpoint of the management API. */
import type { SortOrder } from './types'

export type QueryValue = string | number | boolean | undefined

export interface ListParams {
  limit: number
  offset: number
  sort?: string
  order?: SortOrder
  search?: string
  [filter: string]: QueryValue
}

/** The largest page the server hands out (`limit` 1-200): used to fill pickers. */
export const MAX_PAGE = 200
