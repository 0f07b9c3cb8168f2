import { FileQuestion } from 'lucide-react'
import type { ReactNode } from 'react'
import { Link, useLocation } from 'react-router'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'

/** A page (or a record: pass `title`, `description` and where to go instead) that does not exist. */
export function NotFoundPage({
  title = 'Page not found',
  description,
  back = { to: '/', label: 'Go to the dashboard' },
}: {
  title?: string
  description?: ReactNode
  back?: { to: string; label: string }
}) {
  const { pathname } = useLocation()
  return (
    <Card className="flex flex-col items-center gap-3 px-6 py-16 text-center">
      <FileQuestion className="size-10 text-muted-foreground" aria-hidden="true" />
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="max-w-md text-sm text-muted-foreground">
        {description ?? (
          <>
            There is no page at <code className="rounded bg-muted px-1 py-0.5 text-foreground">{pathname}</code>.
          </>
        )}
      </p>
      <Button asChild className="mt-2">
        <Link to={back.to}>{back.label}</Link>
      </Button>
    </Card>
  )
}
