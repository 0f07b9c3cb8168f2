import { Pencil } from 'lucide-react'
import { Link } from 'react-router'
import type { Campaign } from '@/api/types'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { formatPhone } from '@/lib/format'
import { usePermissions } from '@/hooks/usePermissions'

export function CampaignNumbersCard({ campaign }: { campaign: Campaign }) {
  const { canWrite } = usePermissions()
  const numbers = campaign.phoneNumbers
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-2">
        <div className="flex flex-col gap-1">
          <CardTitle>Phone numbers</CardTitle>
          <CardDescription>
            {(campaign.type === 'pool' || campaign.type === 'rtb') && campaign.poolName ? `Allocated from ${campaign.poolName}` : 'Calls to these numbers reach this campaign.'}
          </CardDescription>
        </div>
{canWrite('campaigns') && (
          <Button asChild variant="outline" size="sm">
            <Link to={`/campaigns/${encodeURIComponent(campaign.id)}/edit?step=numbers`} aria-label="Edit numbers">
              <Pencil aria-hidden="true" />
              Edit
            </Link>
          </Button>
        )}
      </CardHeader>
      <CardContent>
        {numbers.length === 0 ? (
          <p className="text-sm text-muted-foreground">No number is assigned yet.</p>
        ) : (
          <ul className="flex flex-col divide-y divide-border text-sm">
            {numbers.map((n) => (
              <li key={n.id} className="py-2 font-medium tabular-nums first:pt-0 last:pb-0">
                {formatPhone(n.phoneNumber)}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  )
}
