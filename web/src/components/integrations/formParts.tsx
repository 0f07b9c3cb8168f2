/** Pieces the webhook, pixel and connector forms share: all-or-some choices, the campaign list and the token menu. */
import { Braces } from 'lucide-react'
import { useId, useRef, type ReactNode } from 'react'
import { useCampaignOptions } from '@/api/campaigns'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu'
import { Skeleton } from '@/components/ui/skeleton'
import { insertAt } from './pixelForm'

/** All-or-some choice as two radio buttons. */
export function ScopeChoice({
  legend,
  all,
  onChange,
  allLabel,
  someLabel,
  hint,
  error,
  children,
}: {
  legend: string
  all: boolean
  onChange: (all: boolean) => void
  allLabel: string
  someLabel: string
  hint?: ReactNode
  error?: string
  children: ReactNode
}) {
  const name = useId()
  return (
    <fieldset className="flex min-w-0 flex-col gap-2">
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      {hint && <p className="-mt-1 text-xs text-muted-foreground">{hint}</p>}
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {[
          { value: true, label: allLabel },
          { value: false, label: someLabel },
        ].map((option) => (
          <label key={option.label} className="flex cursor-pointer items-center gap-2 text-sm">
            <input type="radio" name={name} className="size-4 accent-primary" checked={all === option.value} onChange={() => onChange(option.value)} />
            {option.label}
          </label>
        ))}
      </div>
      {!all && children}
      {error && (
        <p className="text-xs text-destructive" data-slot="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  )
}

export function toggle(list: readonly string[], value: string, on: boolean): string[] {
  return on ? [...new Set([...list, value])] : list.filter((v) => v !== value)
}

/** The account's campaigns as checkboxes, `value` the ids picked. */
export function CampaignChecklist({ value, onChange }: { value: readonly string[]; onChange: (ids: string[]) => void }) {
  const campaigns = useCampaignOptions()
  if (campaigns.isPending) return <Skeleton className="h-24 w-full" />
  if (campaigns.isError) {
    return <QueryErrorAlert title="The campaigns could not be loaded." error={campaigns.error} onRetry={() => void campaigns.refetch()} />
  }
  if (campaigns.data.items.length === 0) return <p className="text-sm text-muted-foreground">This account has no campaigns yet.</p>
  return (
    <ul className="flex max-h-48 flex-col gap-1.5 overflow-y-auto rounded-lg border border-border p-3">
      {campaigns.data.items.map((c) => (
        <li key={c.id}>
          <label className="flex cursor-pointer items-center gap-2 text-sm">
            <Checkbox checked={value.includes(c.id)} onCheckedChange={(on) => onChange(toggle(value, c.id, on === true))} />
            <span className="min-w-0 truncate">{c.name}</span>
          </label>
        </li>
      ))}
    </ul>
  )
}

/** "Insert token": a menu of the tokens that puts the picked one at the cursor of `target`. */
export function TokenPicker({
  label,
  tokens,
  target,
  onInsert,
  compact = false,
}: {
  label: string
  tokens: readonly { name: string; description: string }[]
  target: React.RefObject<HTMLInputElement | HTMLTextAreaElement | null>
  onInsert: (text: string, cursor: number) => void
  /** Only the icon (the label stays the button's name). */
  compact?: boolean
}) {
  const cursor = useRef<number>(undefined)
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button type="button" variant="outline" size={compact ? 'icon' : 'sm'} aria-label={label} title={compact ? 'Insert token' : undefined} className="shrink-0">
          <Braces aria-hidden="true" />
          {!compact && 'Insert token'}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent
        className="max-h-72 w-72 overflow-y-auto"
        onCloseAutoFocus={(event) => {
          const el = target.current
          if (cursor.current === undefined || !el) return
          event.preventDefault()
          const at = cursor.current
          cursor.current = undefined
          el.focus()
          el.setSelectionRange(at, at)
        }}
      >
        {tokens.map((t) => (
          <DropdownMenuItem
            key={t.name}
            onSelect={() => {
              const el = target.current
              const { text, cursor: at } = insertAt(el?.value ?? '', t.name, el?.selectionStart ?? null, el?.selectionEnd ?? null)
              cursor.current = at
              onInsert(text, at)
            }}
            className="flex flex-col items-start gap-0"
          >
            <code className="text-xs">{t.name}</code>
            <span className="text-xs text-muted-foreground">{t.description}</span>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  )
}
