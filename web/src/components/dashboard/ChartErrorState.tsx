import { CircleAlert, RefreshCw } from 'lucide-react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'

export function ChartErrorState({
  message,
  error,
  onRetry,
  retrying,
}: {
  message: string
  error: Error
  onRetry: () => void
  retrying: boolean
}) {
  return (
    <Alert variant="destructive" role="alert" className="items-center">
      <CircleAlert aria-hidden="true" />
      <div className="flex-1">
        <p className="font-medium">{message}</p>
        <p className="text-red-700">{error.message}</p>
      </div>
      <Button variant="outline" size="sm" onClick={onRetry} disabled={retrying}>
        <RefreshCw className={retrying ? 'animate-spin' : undefined} aria-hidden="true" />
        Retry
      </Button>
    </Alert>
  )
}
