/** The roles of an account's members, from least to most trusted, and what each may do. */
import type { Role } from '@/api/members'

export const ROLES = ['owner', 'admin', 'manager', 'analyst'] as const satisfies readonly Role[]

export const roleLabels = { owner: 'Owner', admin: 'Admin', manager: 'Manager', analyst: 'Analyst' } as const satisfies Record<Role, string>

/** One line per role, for the role pickers. */
export const roleDescriptions = {
  owner: 'Everything, including other owners and the account itself.',
  admin: 'Everything but owners: members, API keys and integrations too.',
  manager: 'Runs the business: campaigns, buyers, numbers, call flows, RTB, DNI, tags and saved reports.',
  analyst: 'Reads everything and runs reports and exports, but changes nothing.',
} as const satisfies Record<Role, string>

export function roleLabel(role: string | undefined): string {
  if (!role) return ''
  return (roleLabels as Record<string, string>)[role] ?? role.charAt(0).toUpperCase() + role.slice(1)
}

/** The roles a viewer may give: owner only when the viewer is an owner. */
export function assignableRoles(viewerRole: string | undefined): Role[] {
  return ROLES.filter((role) => role !== 'owner' || viewerRole === 'owner')
}
