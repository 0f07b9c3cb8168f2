import { Pencil } from 'lucide-react'
import { Link } from 'react-router'
import type { Campaign } from '@/api/types'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatCount } from '@/lib/format'
import { usePermissions } from '@/hooks/usePermissions'

const limit = (n: number | null | undefined) => (n == null ? '—' : formatCount(n))

export function CampaignBuyersCard({ campaign }: { campaign: Campaign }) {
  const { canWrite } = usePermissions()
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between gap-2">
        <CardTitle>Buyers</CardTitle>
{canWrite('campaigns') && (
          <Button asChild variant="outline" size="sm">
            <Link to={`/campaigns/${encodeURIComponent(campaign.id)}/edit?step=buyers`} aria-label="Edit buyers">
              <Pencil aria-hidden="true" />
              Edit
            </Link>
          </Button>
        )}
      </CardHeader>
      <CardContent>
        {campaign.buyers.length === 0 ? (
          <p className="text-sm text-muted-foreground">No buyer is assigned yet.</p>
        ) : (
          <Table>
            <TableCaption>Buyers of this campaign</TableCaption>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead scope="col" sticky="left">
                  Buyer
                </TableHead>
                <TableHead scope="col" className="text-right">Priority</TableHead>
                <TableHead scope="col" className="text-right">Weight</TableHead>
                <TableHead scope="col" className="text-right">Concurrent</TableHead>
                <TableHead scope="col" className="text-right">Hourly / daily / monthly</TableHead>
                <TableHead scope="col">Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {campaign.buyers.map((b) => (
                <TableRow key={b.buyerId}>
                  <TableCell sticky="left" className="font-medium">
                    <Link to={`/buyers/${encodeURIComponent(String(b.buyerId))}`} className="text-foreground hover:text-primary hover:underline">
                      {b.buyerName}
                    </Link>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{b.priority}</TableCell>
                  <TableCell className="text-right tabular-nums">{b.weight}</TableCell>
                  <TableCell className="text-right tabular-nums">{limit(b.maxConcurrentCalls)}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {limit(b.hourlyCap)} / {limit(b.dailyCap)} / {limit(b.monthlyCap)}
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={b.status} />
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
