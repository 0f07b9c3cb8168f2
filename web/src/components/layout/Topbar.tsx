import { useEffect } from 'react'
import { useLocation } from 'react-router'
import type { CurrentUser } from '@/api/types'
import { HelpDialog } from './HelpDialog'
import { MobileNav } from './MobileNav'
import { sectionForPath } from './nav'
import { ThemeToggle } from './ThemeToggle'
import { UserMenu } from './UserMenu'

export function Topbar({ user }: { user: CurrentUser }) {
  const { pathname } = useLocation()
  const title = sectionForPath(pathname)?.title ?? 'Page not found'

  useEffect(() => {
    document.title = `${title} · CallCenter Pro`
  }, [title])

  return (
    <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-border bg-background/90 px-4 backdrop-blur md:px-8">
      <MobileNav />
      <span className="truncate text-sm font-semibold">{title}</span>
      <div className="ml-auto flex items-center gap-1">
        <HelpDialog />
        <ThemeToggle />
        <UserMenu user={user} />
      </div>
    </header>
  )
}
