import { ArrowRight, ChartColumn, Megaphone, Phone } from 'lucide-react'
import { Link } from 'react-router'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'

const actions = [
  { label: 'Create Campaign', to: '/campaigns', icon: Megaphone },
  { label: 'View Reports', to: '/enhanced-reporting', icon: ChartColumn },
  { label: 'Manage Numbers', to: '/phone-numbers', icon: Phone },
] as const

export function QuickActionsCard() {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Quick Actions</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="flex flex-col gap-1">
          {actions.map(({ label, to, icon: Icon }) => (
            <li key={to}>
              <Link
                to={to}
                className="group flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium outline-none transition-colors hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring"
              >
                <Icon className="size-4 text-primary" aria-hidden="true" />
                {label}
                <ArrowRight
                  className="ml-auto size-4 text-muted-foreground transition-transform group-hover:translate-x-0.5"
                  aria-hidden="true"
                />
              </Link>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  )
}
