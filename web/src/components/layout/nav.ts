/** The sidebar sections, in the order of the spec's Main Navigation Structure. */
import {
  ChartColumn,
  Gavel,
  Globe,
  LayoutDashboard,
  Layers,
  Megaphone,
  Phone,
  Plug,
  Settings,
  Users,
  Workflow,
  type LucideIcon,
} from 'lucide-react'

export interface NavSection {
  title: string
  path: string
  icon: LucideIcon
  /** One line on what the section is for, shown under its heading. */
  description: string
  /** Not built yet: the sidebar marks it "Soon" and the page says so (ComingSoonPage). */
  soon?: boolean
}

export const navSections: readonly NavSection[] = [
  { title: 'Dashboard', path: '/', icon: LayoutDashboard, description: 'Today at a glance.' },
  {
    title: 'Campaigns',
    path: '/campaigns',
    icon: Megaphone,
    description: 'Create campaigns, set their routing and caps, and attach buyers and numbers.',
  },
  {
    title: 'Buyers',
    path: '/buyers',
    icon: Users,
    description: 'The buyers and targets that receive your calls, with their caps, schedules and priorities.',
  },
  {
    title: 'Number Pools',
    path: '/pools',
    icon: Layers,
    description: 'Group tracking numbers into pools and assign them to campaigns.',
  },
  {
    title: 'Call Flows',
    path: '/call-flows',
    icon: Workflow,
    description: 'Design IVR call flows visually: menus, key presses, routing and voicemail.',
  },
  {
    title: 'RTB Management',
    path: '/rtb-management',
    icon: Gavel,
    description: 'Real-time bidding targets, bid testing and auction results.',
  },
  {
    title: 'Enhanced Reporting',
    path: '/enhanced-reporting',
    icon: ChartColumn,
    description: 'Filter and analyse calls, with their RTB details and rejection reasons.',
  },
  {
    title: 'DNI',
    path: '/dni',
    icon: Globe,
    description: 'Dynamic number insertion: show each website visitor a tracking number for their source.',
  },
  {
    title: 'Integrations',
    path: '/integrations',
    icon: Plug,
    description: 'Webhooks, pixels and connections to third-party tools.',
  },
  {
    title: 'Phone Numbers',
    path: '/phone-numbers',
    icon: Phone,
    description: 'Buy, configure and release the tracking numbers of your carrier account.',
  },
  {
    title: 'Settings',
    path: '/settings',
    icon: Settings,
    description: 'Your profile, password and sessions, API keys for your own tools, and your team.',
  },
]

/** Whether a section is the current one; the dashboard answers at both / and /dashboard. */
export function isSectionActive(section: NavSection, pathname: string): boolean {
  if (section.path === '/') return pathname === '/' || pathname === '/dashboard'
  return pathname === section.path || pathname.startsWith(`${section.path}/`)
}

export function sectionForPath(pathname: string): NavSection | undefined {
  return navSections.find((section) => isSectionActive(section, pathname))
}
