import { Construction } from 'lucide-react'
import { useEffect, useRef } from 'react'
import { Link, Navigate, useParams } from 'react-router'
import { PageHeader } from '@/components/layout/PageHeader'
import { navSections } from '@/components/layout/nav'
import { ApiKeysSection } from '@/components/settings/ApiKeysSection'
import { AuditLogSection } from '@/components/settings/AuditLogSection'
import { PasswordSection } from '@/components/settings/PasswordSection'
import { ProfileSection } from '@/components/settings/ProfileSection'
import { SecuritySection } from '@/components/settings/SecuritySection'
import { TeamSection } from '@/components/settings/TeamSection'
import { plannedContents, settingsSections, type SettingsSection } from '@/components/settings/settingsSections'
import { Card } from '@/components/ui/card'
import { cn } from '@/lib/utils'

const settingsNav = navSections.find((section) => section.path === '/settings')

function NotBuiltBadge({ className }: { className?: string }) {
  return (
    <span
      className={cn(
        'shrink-0 rounded-full border border-border px-1.5 py-px text-[10px] leading-4 font-medium whitespace-nowrap text-muted-foreground',
        className,
      )}
    >
      Not available yet
    </span>
  )
}

/** The sections: a column on the left on wider screens, a row that scrolls sideways on phones. */
function SectionList({ current }: { current: SettingsSection }) {
  const activeRef = useRef<HTMLAnchorElement>(null)
  // On phones the row scrolls sideways: keep the open section in view.
  useEffect(() => {
    activeRef.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  }, [current.slug])
  return (
    <nav aria-label="Settings sections" className="min-w-0 md:w-48 md:shrink-0">
      <ul className="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1 md:mx-0 md:flex-col md:overflow-visible md:px-0 md:pb-0">
        {settingsSections.map((section) => {
          const active = section.slug === current.slug
          const Icon = section.icon
          return (
            <li key={section.slug} className="shrink-0">
              <Link
                to={`/settings/${section.slug}`}
                ref={active ? activeRef : undefined}
                aria-current={active ? 'page' : undefined}
                className={cn(
                  'flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap outline-none transition-colors focus-visible:ring-2 focus-visible:ring-ring',
                  active ? 'bg-accent text-accent-foreground' : 'text-muted-foreground hover:bg-muted hover:text-foreground',
                )}
              >
                <Icon className={cn('size-4 shrink-0 md:mt-0.5 md:self-start', active && 'text-primary')} aria-hidden="true" />
                <span className="flex items-center gap-2 md:min-w-0 md:flex-1 md:flex-col md:items-start md:gap-1">
                  <span className="md:max-w-full md:truncate">{section.title}</span>
                  {!section.built && <NotBuiltBadge />}
                </span>
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}

/** A section not built yet: one plain sentence, no made-up data. */
function NotBuiltSection({ section }: { section: SettingsSection }) {
  return (
    <section aria-labelledby="settings-section-heading" className="flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="settings-section-heading" className="text-lg font-semibold">
          {section.title}
        </h2>
        <NotBuiltBadge />
      </div>
      <Card className="flex items-start gap-3 px-5 py-6">
        <Construction className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
        <p className="text-sm text-muted-foreground">
          {section.title} settings ({plannedContents[section.slug]}) are not built yet in this version of CallCenter Pro.
        </p>
      </Card>
    </section>
  )
}

/** The component of each built section. */
function BuiltSection({ slug }: { slug: string }) {
  if (slug === 'team') return <TeamSection />
  if (slug === 'profile') return <ProfileSection />
  if (slug === 'password') return <PasswordSection />
  if (slug === 'security') return <SecuritySection />
  if (slug === 'audit-log') return <AuditLogSection />
  return <ApiKeysSection />
}

/** `/settings` and `/settings/:section`: the account's settings, API keys first. */
export function SettingsPage() {
  const { section: slug } = useParams()
  const current = slug === undefined ? settingsSections[0] : settingsSections.find((section) => section.slug === slug)
  if (!current) return <Navigate to="/settings" replace />
  return (
    <>
      <PageHeader title="Settings" description={settingsNav?.description} />
      <div className="flex min-w-0 flex-col gap-6 md:flex-row md:items-start">
        <SectionList current={current} />
        <div className="min-w-0 flex-1">{current.built ? <BuiltSection slug={current.slug} /> : <NotBuiltSection section={current} />}</div>
      </div>
    </>
  )
}
