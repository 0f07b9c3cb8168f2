import { BookOpen, CircleHelp, ExternalLink } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog'

/** The spec's AI help assistant is not built yet: say so, and point at the API docs. */
export function HelpDialog() {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm">
          <CircleHelp aria-hidden="true" />
          <span className="max-sm:sr-only">Help</span>
        </Button>
      </DialogTrigger>
      <DialogContent side="right">
        <DialogHeader>
          <DialogTitle>Help</DialogTitle>
          <DialogDescription>The AI help assistant is not built yet in this version of CallCenter Pro.</DialogDescription>
        </DialogHeader>
        <div className="flex flex-col gap-3 text-sm">
          <p>
            Until it is, the API reference documents every endpoint the app uses, with request and response examples.
          </p>
          <Button asChild variant="outline" className="self-start">
            <a href="/api/docs" target="_blank" rel="noreferrer">
              <BookOpen aria-hidden="true" />
              Open the API docs
              <ExternalLink aria-hidden="true" />
            </a>
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  )
}
