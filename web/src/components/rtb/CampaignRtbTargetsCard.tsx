import { Pencil } from 'lucide-react'
import { useState } from 'react'
import { useCampaignRtbTargets } from '@/api/rtb'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { CampaignRtbTargetsEditor } from './CampaignRtbTargetsEditor'
import { usePermissions } from '@/hooks/usePermissions'

/** The RTB targets an RTB campaign pings, with an editor. */
export function CampaignRtbTargetsCard({ campaignId }: { campaignId: string }) {
  const targets = useCampaignRtbTargets(campaignId)
  const [editing, setEditing] = useState(false)
  const { canWrite } = usePermissions()
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between gap-2">
        <CardTitle>RTB targets</CardTitle>
        {!editing && targets.data && canWrite('campaigns') && (
          <Button variant="outline" size="sm" onClick={() => setEditing(true)} aria-label="Edit RTB targets">
            <Pencil aria-hidden="true" />
            Edit
          </Button>
        )}
      </CardHeader>
      <CardContent>
        {targets.isPending && <Skeleton className="h-16 w-full" />}
        {targets.error && <QueryErrorAlert title="RTB targets could not be loaded" error={targets.error} onRetry={() => void targets.refetch()} />}
        {targets.data && editing && <CampaignRtbTargetsEditor campaignId={campaignId} assigned={targets.data} onDone={() => setEditing(false)} />}
        {targets.data && !editing && targets.data.length === 0 && (
          <p className="text-sm text-muted-foreground">No RTB target is assigned: calls of this campaign run no auction.</p>
        )}
        {targets.data && !editing && targets.data.length > 0 && (
          <Table>
            <TableCaption>RTB targets of this campaign</TableCaption>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead scope="col">Target</TableHead>
                <TableHead scope="col" className="text-right">Priority</TableHead>
                <TableHead scope="col">Enabled</TableHead>
                <TableHead scope="col">Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {targets.data.map((t) => (
                <TableRow key={t.rtbTargetId}>
                  <TableCell className="font-medium">{t.name}</TableCell>
                  <TableCell className="text-right tabular-nums">{t.priority}</TableCell>
                  <TableCell>{t.enabled ? 'Yes' : 'No'}</TableCell>
                  <TableCell>
                    <StatusBadge status={t.status} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  )
}
