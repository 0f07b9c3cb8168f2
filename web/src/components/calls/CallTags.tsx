import { LoaderCircle, Plus, X } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { useCallTags, useEditCallTags } from '@/api/conversions'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Skeleton } from '@/components/ui/skeleton'
import { serverErrorMessage } from '@/lib/serverErrors'
import { usePermissions } from '@/hooks/usePermissions'

export const MAX_TAGS = 20
export const MAX_TAG_LENGTH = 50

/** The tags typed in the box: split on commas, trimmed, without blanks or ones the call has. */
export function newTags(text: string, existing: readonly string[]): string[] {
  const have = new Set(existing.map((t) => t.toLowerCase()))
  const out: string[] = []
  for (const raw of text.split(',')) {
    const tag = raw.trim()
    if (tag === '' || have.has(tag.toLowerCase())) continue
    have.add(tag.toLowerCase())
    out.push(tag)
  }
  return out
}

/** A call's tags as chips with remove buttons, and a box to add more (Enter adds). */
export function CallTags({ callId }: { callId: number }) {
  const tags = useCallTags(callId)
  const edit = useEditCallTags(callId)
  const [text, setText] = useState('')
  const [error, setError] = useState<string>()
  const { canWrite, denied } = usePermissions()
  const writable = canWrite('calls')

  if (tags.isPending) return <Skeleton role="status" aria-label="Loading the tags" className="h-8 w-full" />
  if (tags.isError) return <QueryErrorAlert title="The tags could not be loaded." error={tags.error} onRetry={() => void tags.refetch()} />
  const list = tags.data.tags

  const add = (event: FormEvent) => {
    event.preventDefault()
    const adding = newTags(text, list)
    if (adding.length === 0) {
      setText('')
      return
    }
    if (adding.some((t) => t.length > MAX_TAG_LENGTH)) return setError(`A tag is at most ${MAX_TAG_LENGTH} characters`)
    if (adding.length > MAX_TAGS) return setError(`Add at most ${MAX_TAGS} tags at once`)
    setError(undefined)
    edit.mutate(
      { add: adding },
      { onSuccess: () => setText(''), onError: (e) => setError(serverErrorMessage(e)) },
    )
  }

  return (
    <div className="flex flex-col gap-2">
      {list.length === 0 ? (
        <p className="text-sm text-muted-foreground">No tags yet.</p>
      ) : (
        <ul aria-label="Tags" className="flex flex-wrap gap-1.5">
          {list.map((tag) => (
            <li key={tag} className="flex max-w-full items-center gap-0.5 rounded-full border border-border bg-muted py-0.5 pr-0.5 pl-2.5 text-xs font-medium">
              <span className="min-w-0 truncate">{tag}</span>
              {writable && (
              <button
                type="button"
                className="grid size-5 shrink-0 place-items-center rounded-full text-muted-foreground hover:bg-background hover:text-foreground disabled:opacity-50"
                aria-label={`Remove tag ${tag}`}
                disabled={edit.isPending}
                onClick={() => edit.mutate({ remove: tag }, { onError: (e) => setError(serverErrorMessage(e)) })}
              >
                <X className="size-3" aria-hidden="true" />
              </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!writable ? (
        <p className="text-xs text-muted-foreground">{denied('calls', 'tags')}.</p>
      ) : (
      <form onSubmit={add} className="flex max-w-md gap-2" aria-label="Add tags">
        <Input
          aria-label="New tag"
          aria-invalid={error ? true : undefined}
          placeholder="Add a tag (Enter adds)"
          value={text}
          maxLength={500}
          onChange={(e) => {
            setText(e.target.value)
            setError(undefined)
          }}
          className="h-8"
        />
        <Button type="submit" variant="outline" size="sm" disabled={edit.isPending || text.trim() === ''}>
          {edit.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Plus aria-hidden="true" />}
          Add
        </Button>
      </form>
      )}
      {error && (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      )}
    </div>
  )
}
