/** The sections of the Settings page, in the spec's order; only those with `built` work yet. */
import { Bell, KeyRound, Lock, Megaphone, PhoneCall, ScrollText, ShieldCheck, UserRound, Users, type LucideIcon } from 'lucide-react'

export interface SettingsSection {
  /** Its path under /settings. */
  slug: string
  title: string
  icon: LucideIcon
  built?: boolean
}

export const settingsSections: readonly SettingsSection[] = [
  { slug: 'api-keys', title: 'API keys', icon: KeyRound, built: true },
  { slug: 'profile', title: 'Profile', icon: UserRound, built: true },
  { slug: 'password', title: 'Password', icon: Lock, built: true },
  { slug: 'notifications', title: 'Notifications', icon: Bell },
  { slug: 'campaign-defaults', title: 'Campaign defaults', icon: Megaphone },
  { slug: 'team', title: 'Team', icon: Users, built: true },
  { slug: 'security', title: 'Security', icon: ShieldCheck, built: true },
  { slug: 'audit-log', title: 'Audit log', icon: ScrollText, built: true },
  { slug: 'carrier-accounts', title: 'Carrier accounts', icon: PhoneCall },
]

/** What each section not built yet will hold, for its one sentence. */
export const plannedContents: Readonly<Record<string, string>> = {
  profile: 'your name, email address and time zone',
  password: 'changing your password',
  notifications: 'which alerts you receive, and how',
  'campaign-defaults': 'the settings new campaigns start with',
  team: 'inviting team members and choosing what they may do',
  security: 'two-factor sign-in and your active sessions',
  'carrier-accounts': 'connecting your carrier accounts',
}
