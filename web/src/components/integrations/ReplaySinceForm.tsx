import { LoaderCircle, RotateCcw } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import { toast } from 'sonner'
import { useReplayFailedSince } from '@/api/integrations'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { pluralize } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'

/** `YYYY-MM-DDTHH:mm` of a moment in the browser's zone, as a datetime-local input wants it. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** Sends again every failed message of the endpoint made since a moment (the browser's local time). */
export function ReplaySinceForm({ endpointId, onReplayed }: { endpointId: number; onReplayed: () => void }) {
  const id = useId()
  const [since, setSince] = useState(() => toLocalInput(new Date(Date.now() - 24 * 3_600_000)))
  const [error, setError] = useState<string>()
  const replay = useReplayFailedSince(endpointId)

  function submit(event: FormEvent) {
    event.preventDefault()
    const at = new Date(since)
    if (since === '' || Number.isNaN(at.getTime())) {
      setError('Enter a date and time')
      return
    }
    setError(undefined)
    replay.mutate(at.toISOString(), {
      onSuccess: ({ queued }) => {
        if (queued === 0) toast.info('No failed message since then: nothing to send again')
        else toast.success(`${pluralize(queued, 'failed message')} queued to be sent again`)
        onReplayed()
      },
      onError: (e) => setError(serverErrorMessage(e)),
    })
  }

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-2">
      <Label htmlFor={id}>Replay failed messages since</Label>
      <div className="flex flex-wrap gap-2">
        <Input
          id={id}
          type="datetime-local"
          className="w-auto min-w-0 flex-1 sm:max-w-60"
          value={since}
          max={toLocalInput(new Date())}
          onChange={(e) => setSince(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint`}
        />
        <Button type="submit" variant="outline" disabled={replay.isPending}>
          {replay.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <RotateCcw aria-hidden="true" />}
          Replay failed
        </Button>
      </div>
      {error ? (
        <p id={`${id}-hint`} role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          Your local time. Each failed message made since then gets a fresh round of attempts.
        </p>
      )}
    </form>
  )
}
