import { Construction } from 'lucide-react'
import { Link } from 'react-router'
import { PageHeader } from '@/components/layout/PageHeader'
import type { NavSection } from '@/components/layout/nav'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'

/** Placeholder for a section that is not built yet: says so plainly, shows no made-up data. */
export function ComingSoonPage({ section }: { section: NavSection }) {
  return (
    <>
      <PageHeader title={section.title} description={section.description} />
      <Card className="flex flex-col items-center gap-3 px-6 py-16 text-center">
        <span className="grid size-12 place-items-center rounded-full bg-accent text-primary">
          <Construction className="size-6" aria-hidden="true" />
        </span>
        <h2 className="text-lg font-semibold">Coming soon</h2>
        <p className="max-w-md text-sm text-muted-foreground">
          {section.title} is not built yet in this version of CallCenter Pro. It will appear here in a later release.
        </p>
        <Button asChild variant="outline" className="mt-2">
          <Link to="/">Back to the dashboard</Link>
        </Button>
      </Card>
    </>
  )
}
