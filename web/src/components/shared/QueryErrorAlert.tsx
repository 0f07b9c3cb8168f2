import { CircleAlert, RefreshCw } from 'lucide-react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'

/** A failed load, with the server's message and a retry button. */
export function QueryErrorAlert({
  title,
  error,
  onRetry,
  retrying,
}: {
  title: string
  error: Error
  onRetry?: () => void
  retrying?: boolean
}) {
  return (
    <Alert variant="destructive" role="alert" className="items-center">
      <CircleAlert aria-hidden="true" />
      <div className="flex-1">
        <p className="font-medium">{title}</p>
        <p className="text-red-700 dark:text-red-300">{error.message}</p>
      </div>
      {onRetry && (
        <Button variant="outline" size="sm" onClick={onRetry} disabled={retrying}>
          <RefreshCw className={retrying ? 'animate-spin' : undefined} aria-hidden="true" />
          Retry
        </Button>
      )}
    </Alert>
  )
}
