/**
 * What the signed-in user's role may do, from `permissions` of GET /api/auth/user. The server
 * refuses anything else anyway (403); the UI hides or disables what would only be refused.
 * While the user is not known (or an older server sends no permissions) everything is allowed,
 * so nothing flickers away and the server stays the judge.
 */
import { useCurrentUser } from '@/api/auth'
import type { components } from '@/api/schema'

export type PermissionArea = keyof components['schemas']['Permissions']
export type Access = components['schemas']['Access']

/** What each area is called in "Your role (analyst) cannot change …". */
const areaNouns: Record<PermissionArea, string> = {
  campaigns: 'campaigns',
  buyers: 'buyers',
  numbers: 'phone numbers and pools',
  flows: 'call flows',
  calls: 'calls',
  reports: 'saved reports',
  rtb: 'RTB targets',
  dni: 'DNI tags',
  integrations: 'integrations',
  members: 'the team',
  apiKeys: 'API keys',
}

export interface Permissions {
  role: string | undefined
  access: (area: PermissionArea) => Access
  canRead: (area: PermissionArea) => boolean
  canWrite: (area: PermissionArea) => boolean
  /** Why the role may not change the area, e.g. "Your role (analyst) cannot change campaigns". */
  denied: (area: PermissionArea, what?: string) => string
}

export function usePermissions(): Permissions {
  const user = useCurrentUser().data
  const role = user?.role
  const permissions = user?.permissions
  const access = (area: PermissionArea): Access => permissions?.[area] ?? 'write'
  return {
    role,
    access,
    canRead: (area) => access(area) !== 'none',
    canWrite: (area) => access(area) === 'write',
    denied: (area, what = areaNouns[area]) => `Your role (${role ?? 'unknown'}) cannot change ${what}`,
  }
}

/** A list's columns without its `actions` column (edit, delete…) when the role may not change the list's things. */
export function withoutActions<C extends { id: string }>(columns: C[], canWrite: boolean): C[] {
  return canWrite ? columns : columns.filter((column) => column.id !== 'actions')
}
