import { Pencil, Trash2 } from 'lucide-react'
import { Link } from 'react-router'
import type { CampaignSummary } from '@/api/types'
import { Button } from '@/components/ui/button'

export function CampaignRowActions({ campaign, onDelete }: { campaign: CampaignSummary; onDelete: (c: CampaignSummary) => void }) {
  return (
    <div className="flex justify-end gap-1">
      <Button asChild variant="ghost" size="icon" className="size-8">
        <Link to={`/campaigns/${encodeURIComponent(campaign.id)}/edit`} aria-label={`Edit ${campaign.name}`} title="Edit">
          <Pencil aria-hidden="true" />
        </Link>
      </Button>
      <Button
        variant="ghost"
        size="icon"
        className="size-8 text-destructive hover:text-destructive"
        aria-label={`Delete ${campaign.name}`}
        title="Delete"
        onClick={() => onDelete(campaign)}
      >
        <Trash2 aria-hidden="true" />
      </Button>
    </div>
  )
}
