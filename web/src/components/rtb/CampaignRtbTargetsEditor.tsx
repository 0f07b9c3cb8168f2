import { LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import { toast } from 'sonner'
import { useSaveCampaignRtbTargets, type CampaignRtbTarget } from '@/api/rtb'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Button } from '@/components/ui/button'
import { RtbTargetRowsEditor, type RtbTargetRow } from './RtbTargetRowsEditor'

/** Add, remove and tune the campaign's RTB targets; saves the whole list with PUT. */
export function CampaignRtbTargetsEditor({ campaignId, assigned, onDone }: { campaignId: string; assigned: CampaignRtbTarget[]; onDone: () => void }) {
  const [rows, setRows] = useState<RtbTargetRow[]>(() => assigned.map(({ rtbTargetId, name, priority, enabled }) => ({ rtbTargetId, name, priority, enabled })))
  const save = useSaveCampaignRtbTargets(campaignId)

  return (
    <div className="flex flex-col gap-3">
      <RtbTargetRowsEditor rows={rows} onChange={setRows} />
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
