import { CircleAlert, LoaderCircle } from 'lucide-react'
import { ADDRESS_NOT_ALLOWED_HINT, isAddressNotAllowed } from '@/api/client'
import { Button } from '@/components/ui/button'

/** Shown while the session is checked, or when the check itself failed (not a 401). */
export function FullPageStatus({ error, onRetry }: { error?: Error; onRetry?: () => void }) {
  return (
    <div className="grid min-h-dvh place-items-center bg-muted/40 p-6">
      {error ? (
        <div role="alert" className="flex max-w-sm flex-col items-center gap-3 text-center">
          <CircleAlert className="size-8 text-destructive" aria-hidden="true" />
          {isAddressNotAllowed(error) ? (
            <>
              <p className="font-medium">{error.message}</p>
              <p className="text-sm text-muted-foreground">{ADDRESS_NOT_ALLOWED_HINT}</p>
            </>
          ) : (
            <>
              <p className="font-medium">CallCenter Pro could not load your session.</p>
              <p className="text-sm text-muted-foreground">{error.message}</p>
            </>
          )}
          {onRetry && (
            <Button variant="outline" onClick={onRetry}>
              Try again
            </Button>
          )}
        </div>
      ) : (
        <div role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
          <LoaderCircle className="size-4 animate-spin" aria-hidden="true" />
          Loading…
        </div>
      )}
    </div>
  )
}
