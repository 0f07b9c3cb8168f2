import { LoaderCircle, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { toast } from 'sonner'
import { useRtbTargetOptions, useSaveCampaignRtbTargets, type CampaignRtbTarget, type CampaignRtbTargetInput } from '@/api/rtb'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { Switch } from '@/components/ui/switch'

const PRIORITIES = Array.from({ length: 10 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))

type Row = Required<Pick<CampaignRtbTargetInput, 'rtbTargetId'>> & { name: string; priority: number; enabled: boolean }

/** Add, remove and tune the campaign's RTB targets; saves the whole list with PUT. */
export function CampaignRtbTargetsEditor({ campaignId, assigned, onDone }: { campaignId: string; assigned: CampaignRtbTarget[]; onDone: () => void }) {
  const [rows, setRows] = useState<Row[]>(() => assigned.map(({ rtbTargetId, name, priority, enabled }) => ({ rtbTargetId, name, priority, enabled })))
  const options = useRtbTargetOptions()
  const save = useSaveCampaignRtbTargets(campaignId)
  const available = (options.data?.items ?? []).filter((t) => !rows.some((r) => r.rtbTargetId === t.id))
  const update = (id: number, change: Partial<Row>) => setRows((all) => all.map((r) => (r.rtbTargetId === id ? { ...r, ...change } : r)))

  return (
    <div className="flex flex-col gap-3">
      {rows.length === 0 && <p className="text-sm text-muted-foreground">No target assigned.</p>}
      <ul className="flex flex-col gap-2">
        {rows.map((r) => (
          <li key={r.rtbTargetId} className="flex flex-wrap items-center gap-3">
            <span className="min-w-32 flex-1 font-medium">{r.name}</span>
            <OptionSelect aria-label={`Priority of ${r.name}`} className="w-20" value={String(r.priority)} options={PRIORITIES} onValueChange={(v) => update(r.rtbTargetId, { priority: Number(v) })} />
            <label className="flex items-center gap-2 text-sm">
              <Switch checked={r.enabled} onCheckedChange={(enabled) => update(r.rtbTargetId, { enabled })} aria-label={`${r.name} enabled`} />
              Enabled
            </label>
            <Button type="button" variant="ghost" size="icon" aria-label={`Remove ${r.name}`} onClick={() => setRows((all) => all.filter((x) => x.rtbTargetId !== r.rtbTargetId))}>
              <Trash2 aria-hidden="true" />
            </Button>
          </li>
        ))}
      </ul>
      {options.isError && (
        <QueryErrorAlert title="The RTB targets to add could not be loaded." error={options.error} onRetry={() => void options.refetch()} retrying={options.isFetching} />
      )}
      <OptionSelect
        aria-label="Add RTB target"
        placeholder={options.isPending ? 'Loading targets…' : available.length === 0 ? 'No other target to add' : 'Add a target…'}
        disabled={available.length === 0}
        value=""
        options={available.map((t) => ({ value: String(t.id), label: t.name }))}
        onValueChange={(v) => {
          const t = available.find((x) => String(x.id) === v)
          if (t) setRows((all) => [...all, { rtbTargetId: t.id, name: t.name, priority: 5, enabled: true }])
        }}
      />
      {save.error && <QueryErrorAlert title="The targets could not be saved" error={save.error} />}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="outline" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
        <Button
          type="button"
          disabled={save.isPending}
          onClick={() =>
            save.mutate(
              rows.map(({ rtbTargetId, priority, enabled }) => ({ rtbTargetId, priority, enabled })),
              {
                onSuccess: () => {
                  toast.success('RTB targets saved')
                  onDone()
                },
              },
            )
          }
        >
          {save.isPending && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          Save targets
        </Button>
      </div>
    </div>
  )
}
