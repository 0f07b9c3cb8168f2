import { Trash2 } from 'lucide-react'
import { useRtbTargetOptions } from '@/api/rtb'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { Switch } from '@/components/ui/switch'

const PRIORITIES = Array.from({ length: 10 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))

export interface RtbTargetRow {
  rtbTargetId: number
  name: string
  priority: number
  enabled: boolean
}

/**
 * The RTB targets that bid on a campaign: add from the account's targets, remove, set the
 * priority and switch each on or off. Used by the campaign page's editor and the wizard.
 */
export function RtbTargetRowsEditor({ rows, onChange }: { rows: readonly RtbTargetRow[]; onChange: (rows: RtbTargetRow[]) => void }) {
  const options = useRtbTargetOptions()
  const available = (options.data?.items ?? []).filter((t) => !rows.some((r) => r.rtbTargetId === t.id))
  const update = (id: number, change: Partial<RtbTargetRow>) => onChange(rows.map((r) => (r.rtbTargetId === id ? { ...r, ...change } : r)))

  return (
    <div className="flex flex-col gap-3">
      {rows.length === 0 && <p className="text-sm text-muted-foreground">No target assigned.</p>}
      {rows.length > 0 && (
        <ul className="flex flex-col gap-2" aria-label="Assigned RTB targets">
          {rows.map((r) => (
            <li key={r.rtbTargetId} className="flex flex-wrap items-center gap-3">
              <span className="min-w-32 flex-1 font-medium">{r.name}</span>
              <OptionSelect aria-label={`Priority of ${r.name}`} className="w-20" value={String(r.priority)} options={PRIORITIES} onValueChange={(v) => update(r.rtbTargetId, { priority: Number(v) })} />
              <label className="flex items-center gap-2 text-sm">
                <Switch checked={r.enabled} onCheckedChange={(enabled) => update(r.rtbTargetId, { enabled })} aria-label={`${r.name} enabled`} />
                Enabled
              </label>
              <Button type="button" variant="ghost" size="icon" aria-label={`Remove ${r.name}`} onClick={() => onChange(rows.filter((x) => x.rtbTargetId !== r.rtbTargetId))}>
                <Trash2 aria-hidden="true" />
              </Button>
            </li>
          ))}
        </ul>
      )}
      {options.isError && (
        <QueryErrorAlert title="The RTB targets to add could not be loaded." error={options.error} onRetry={() => void options.refetch()} retrying={options.isFetching} />
      )}
      {/* Remounted after each addition so it shows its placeholder again. */}
      <OptionSelect
        key={rows.map((r) => r.rtbTargetId).join(',')}
        aria-label="Add RTB target"
        placeholder={options.isPending ? 'Loading targets…' : available.length === 0 ? 'No other target to add' : 'Add a target…'}
        disabled={available.length === 0}
        value=""
        options={available.map((t) => ({ value: String(t.id), label: t.name }))}
        onValueChange={(v) => {
          const t = available.find((x) => String(x.id) === v)
          if (t) onChange([...rows, { rtbTargetId: t.id, name: t.name, priority: 5, enabled: true }])
        }}
      />
    </div>
  )
}
