import { Link } from 'react-router'
import type { Buyer } from '@/api/types'
import { DetailList } from '@/components/shared/DetailList'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatCount, formatMoney, formatPhone } from '@/lib/format'
import { normalizeSchedule, WEEKDAYS } from './schedule'

const limit = (n: number | null | undefined) => (n == null ? 'No limit' : formatCount(n))
const notSet = <span className="text-muted-foreground">Not set</span>

/** The campaigns the buyer takes calls from, with its priority and weight on each. */
export function BuyerCampaignsCard({ buyer }: { buyer: Buyer }) {
  return (
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle>Campaigns</CardTitle>
        <CardDescription>Campaigns this buyer receives calls from. Assign buyers on a campaign’s Buyers step.</CardDescription>
      </CardHeader>
      <CardContent>
        {buyer.campaigns.length === 0 ? (
          <p className="text-sm text-muted-foreground">Not assigned to any campaign yet.</p>
        ) : (
          <Table>
            <TableCaption>Campaigns of this buyer</TableCaption>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead scope="col" sticky="left">
                  Campaign
                </TableHead>
                <TableHead scope="col" className="text-right">
                  Priority
                </TableHead>
                <TableHead scope="col" className="text-right">
                  Weight
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {buyer.campaigns.map((c) => (
                <TableRow key={c.campaignId}>
                  <TableCell sticky="left" className="font-medium">
                    <Link to={`/campaigns/${encodeURIComponent(c.campaignId)}`} className="text-foreground hover:text-primary hover:underline">
                      {c.campaignName}
                    </Link>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{c.priority}</TableCell>
                  <TableCell className="text-right tabular-nums">{c.weight}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  )
}

/** Contact details, payout and routing priority. */
export function BuyerSettingsCard({ buyer: b }: { buyer: Buyer }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Settings</CardTitle>
      </CardHeader>
      <CardContent>
        <DetailList
          className="sm:grid-cols-1"
          items={[
            { label: 'Phone', value: <span className="tabular-nums">{formatPhone(b.phone)}</span> },
            { label: 'Backup phone', value: b.backupPhone ? <span className="tabular-nums">{formatPhone(b.backupPhone)}</span> : notSet },
            { label: 'Company', value: b.company || notSet },
            { label: 'E-mail', value: b.email || notSet },
            { label: 'Payout per call', value: formatMoney(b.payout) },
            { label: 'Priority', value: `${b.priority} (1–10, higher first)` },
            { label: 'Time zone', value: b.timeZone },
          ]}
        />
      </CardContent>
    </Card>
  )
}

/** How many calls the buyer takes at once and per hour, day and month (across campaigns). */
export function BuyerCapsCard({ buyer: b }: { buyer: Buyer }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Caps and concurrency</CardTitle>
        <CardDescription>Across all of this buyer’s campaigns.</CardDescription>
      </CardHeader>
      <CardContent>
        <DetailList
          className="sm:grid-cols-1"
          items={[
            { label: 'Live calls now', value: `${formatCount(b.currentCalls)} of ${b.maxConcurrentCalls == null ? 'unlimited' : formatCount(b.maxConcurrentCalls)}` },
            { label: 'Max concurrent calls', value: limit(b.maxConcurrentCalls) },
            { label: 'Hourly cap', value: limit(b.hourlyCap) },
            { label: 'Daily cap', value: limit(b.dailyCallCap) },
            { label: 'Monthly cap', value: limit(b.monthlyCap) },
          ]}
        />
      </CardContent>
    </Card>
  )
}

/** Opening hours per weekday, in the buyer's time zone. */
export function BuyerScheduleCard({ buyer }: { buyer: Buyer }) {
  const schedule = normalizeSchedule(buyer.schedule)
  return (
    <Card>
      <CardHeader>
        <CardTitle>Schedule</CardTitle>
        <CardDescription>{schedule.enabled ? `Open hours in ${buyer.timeZone}.` : 'Always open: no schedule is set.'}</CardDescription>
      </CardHeader>
      {schedule.enabled && (
        <CardContent>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            {WEEKDAYS.map((day) => {
              const windows = schedule.hours[day.key] ?? []
              return (
                <div key={day.key} className="contents">
                  <dt className="text-muted-foreground">{day.short}</dt>
                  <dd className="tabular-nums">{windows.length === 0 ? 'Closed' : windows.map((w) => `${w.start}–${w.end}`).join(', ')}</dd>
                </div>
              )
            })}
          </dl>
          {(schedule.holidays.length > 0 || schedule.breaks.length > 0) && (
            <p className="mt-3 text-xs text-muted-foreground">
              {[
                schedule.holidays.length > 0 ? `${formatCount(schedule.holidays.length)} holiday${schedule.holidays.length === 1 ? '' : 's'}` : '',
                schedule.breaks.length > 0 ? `${formatCount(schedule.breaks.length)} break${schedule.breaks.length === 1 ? '' : 's'}` : '',
              ]
                .filter(Boolean)
                .join(' and ')}{' '}
              set; edit the buyer to see them.
            </p>
          )}
        </CardContent>
      )}
    </Card>
  )
}
