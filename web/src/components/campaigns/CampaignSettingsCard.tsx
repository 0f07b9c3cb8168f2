import type { Campaign } from '@/api/types'
import { DetailList } from '@/components/shared/DetailList'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { formatCount, formatMoney, formatPhone } from '@/lib/format'
import { campaignTypeLabels, duplicateActionLabels, labelOf, poolStrategyLabels, routingStrategyLabels, rtbFallbackLabels } from '@/lib/labels'

const limit = (n: number | null | undefined) => (n == null ? 'No limit' : formatCount(n))
const orNone = (s: string | null | undefined) => (s ? s : <span className="text-muted-foreground">Not set</span>)

export function CampaignSettingsCard({ campaign: c }: { campaign: Campaign }) {
  const items = [
    { label: 'Routing type', value: labelOf(campaignTypeLabels, c.type) },
    ...(c.type === 'pool' || (c.type === 'rtb' && c.poolId != null)
      ? [
          { label: 'Pool', value: c.poolName ?? orNone(null) },
          { label: 'Pool strategy', value: labelOf(poolStrategyLabels, c.poolStrategy) },
        ]
      : []),
    ...(c.type === 'rtb'
      ? [
          { label: 'Auction timeout', value: `${formatCount(c.rtb.auctionTimeoutMs)} ms` },
          { label: 'Minimum bid', value: `${formatMoney(c.rtb.minBid)} ${c.rtb.currency}` },
          { label: 'When nobody bids', value: labelOf(rtbFallbackLabels, c.rtb.fallback) },
        ]
      : []),
    { label: 'Call routing strategy', value: labelOf(routingStrategyLabels, c.callRoutingStrategy) },
    { label: 'Call timeout', value: `${c.callTimeout} s per buyer` },
    { label: 'Time zone', value: c.timeZone },
    { label: 'Max concurrent calls', value: limit(c.maxConcurrentCalls) },
    { label: 'Hourly / daily / monthly cap', value: `${limit(c.hourlyCap)} / ${limit(c.callCap)} / ${limit(c.monthlyCap)}` },
    {
      label: 'Duplicate callers',
      value: c.duplicateCallerWindowSecs > 0
        ? `${labelOf(duplicateActionLabels, c.duplicateCallerAction)} within ${formatCount(c.duplicateCallerWindowSecs)} s`
        : 'Not checked',
    },
    { label: 'Minimum duration for a conversion', value: `${formatCount(c.minDurationSecs)} s` },
    { label: 'Fallback number', value: c.fallbackNumber ? formatPhone(c.fallbackNumber) : orNone(null) },
    { label: 'Fallback message', value: orNone(c.fallbackMessage) },
    { label: 'Recording', value: c.recordingEnabled ? 'On' : 'Off' },
    { label: 'Transcription', value: c.transcriptionEnabled ? 'On' : 'Off' },
    { label: 'Webhook URL', value: orNone(c.webhookUrl) },
    { label: 'Tracking pixel URL', value: orNone(c.trackingPixelUrl) },
  ]
  return (
    <Card>
      <CardHeader>
        <CardTitle>Settings</CardTitle>
      </CardHeader>
      <CardContent>
        {c.description && <p className="mb-4 text-sm text-muted-foreground">{c.description}</p>}
        <DetailList items={items} />
      </CardContent>
    </Card>
  )
}
