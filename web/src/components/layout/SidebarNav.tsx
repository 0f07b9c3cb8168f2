import { Link, useLocation } from 'react-router'
import { cn } from '@/lib/utils'
import { isSectionActive, navSections } from './nav'

/** The sections of the app; those not built yet carry a "Soon" tag. */
export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const { pathname } = useLocation()
  return (
    <nav aria-label="Main" className="flex-1 overflow-y-auto px-3 py-4">
      <ul className="flex flex-col gap-0.5">
        {navSections.map((section) => {
          const active = isSectionActive(section, pathname)
          const Icon = section.icon
          return (
            <li key={section.path}>
              <Link
                to={section.path}
                onClick={onNavigate}
                aria-current={active ? 'page' : undefined}
                aria-label={section.soon ? `${section.title}, not built yet` : undefined}
                className={cn(
                  'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium outline-none transition-colors',
                  'focus-visible:ring-2 focus-visible:ring-ring',
                  active
                    ? 'bg-accent text-accent-foreground'
                    : 'text-muted-foreground hover:bg-muted hover:text-foreground',
                )}
              >
                <Icon className={cn('size-4 shrink-0', active && 'text-primary')} aria-hidden="true" />
                <span className="min-w-0 flex-1 truncate">{section.title}</span>
                {section.soon && (
                  <span
                    data-slot="soon-tag"
                    aria-hidden="true"
                    className="shrink-0 rounded-full border border-border px-1.5 py-px text-[10px] leading-4 font-medium tracking-wide text-muted-foreground uppercase"
                  >
                    Soon
                  </span>
                )}
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
