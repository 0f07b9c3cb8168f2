import { Download, Gavel, Mic } from 'lucide-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import type { CallDetail } from '@/api/types'
import { CallStatusBadge } from '@/components/dashboard/CallStatusBadge'
import { CandidatesTable } from '@/components/routing/CandidatesTable'
import { RoutingNotes } from '@/components/routing/RoutingNotes'
import { RoutingTraceTable } from '@/components/routing/RoutingTraceTable'
import { AuctionSummary } from '@/components/rtb/AuctionSummary'
import { BidderResults } from '@/components/rtb/BidderResultsTable'
import { CopyButton } from '@/components/shared/CopyButton'
import { DetailList } from '@/components/shared/DetailList'
import { EmptyState } from '@/components/shared/EmptyState'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'
import { formatDateTime, formatDuration, formatMoney, formatMoneyPrecise, formatPhone } from '@/lib/format'
import { campaignTypeLabels, labelOf, routingOutcomeLabels } from '@/lib/labels'
import { CallConversions } from './CallConversions'
import { CallFlowPathDetails, FlowLink, flowEndText } from './CallFlowPath'
import { CallTags } from './CallTags'
import { WebVisit } from './WebVisit'

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="flex flex-col gap-3">
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </section>
  )
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1)
const yesNo = (value: boolean) => (value ? 'Yes' : 'No')
const seconds = (value: number | null | undefined) => (value == null ? '—' : `${formatDuration(value)} (${value} s)`)

function Overview({ call, timeZone }: { call: CallDetail; timeZone?: string }) {
  const routing = call.routing
  const utm = Object.entries(call.utm ?? {}).filter(([, v]) => v)
  return (
    <div className="flex flex-col gap-6">
      <Section title="Call">
        <DetailList
          items={[
            {
              label: 'CallSid',
              value: (
                <span className="inline-flex items-center gap-1 font-mono text-xs">
                  {call.callSid}
                  <CopyButton value={call.callSid} label="Copy CallSid" />
                </span>
              ),
            },
            { label: 'Status', value: <CallStatusBadge status={call.status} /> },
            { label: 'Caller', value: formatPhone(call.fromNumber) },
            { label: 'Tracking number', value: formatPhone(call.toNumber) },
            { label: 'Destination (dialled)', value: call.dialedNumber ? formatPhone(call.dialedNumber) : 'Not dialled' },
            { label: 'Duration', value: formatDuration(call.duration) },
            { label: 'Started', value: formatDateTime(call.createdAt, timeZone) },
            { label: 'Converted', value: yesNo(call.converted) },
          ]}
        />
      </Section>
      <Section title="Tags">
        <CallTags callId={call.id} />
      </Section>
      <Section title={call.auction?.auctionStatus === 'won' ? 'Campaign and winning bidder' : 'Campaign and buyer'}>
        <DetailList
          items={[
            {
              label: 'Campaign',
              value:
                call.campaignId && call.campaignName ? (
                  <Link to={`/campaigns/${encodeURIComponent(call.campaignId)}`} className="text-primary hover:underline">
                    {call.campaignName}
                  </Link>
                ) : (
                  (call.campaignName ?? '—')
                ),
            },
            { label: 'Campaign type', value: call.campaign ? labelOf(campaignTypeLabels, call.campaign.type) : '—' },
            ...(call.flow
              ? [
                  {
                    label: 'Call flow',
                    value: (
                      <span>
                        {call.flow.flowName ? (
                          <>
                            Ran call flow <FlowLink flow={call.flow} />
                          </>
                        ) : (
                          `Ran a call flow since deleted (#${call.flow.flowId})`
                        )}
                        , {lowerFirst(flowEndText(call, call.flow))}
                      </span>
                    ),
                  },
                ]
              : []),
            ...destinationItems(call),
          ]}
        />
      </Section>
      <Section title="Routing outcome">
        {routing ? (
          <DetailList
            items={[
              { label: 'Outcome', value: labelOf(routingOutcomeLabels, routing.outcome) },
              { label: 'Reason', value: routing.reason || '—' },
              { label: 'Duplicate caller', value: yesNo(routing.duplicate || call.isDuplicate) },
              { label: 'Payable', value: yesNo(routing.paid) },
            ]}
          />
        ) : (
          <DetailList
            items={[
              { label: 'Outcome', value: labelOf(routingOutcomeLabels, call.disposition) },
              { label: 'Duplicate caller', value: yesNo(call.isDuplicate) },
            ]}
          />
        )}
      </Section>
      <Section title="Money">
        <DetailList
          className="sm:grid-cols-4"
          items={[
            { label: 'Cost', value: <span className="tabular-nums">{formatMoneyPrecise(call.cost)}</span> },
            { label: 'Payout', value: <span className="tabular-nums" title={formatMoneyPrecise(call.payout)}>{formatMoney(call.payout)}</span> },
            { label: 'Revenue', value: <span className="tabular-nums" title={formatMoneyPrecise(call.revenue)}>{formatMoney(call.revenue)}</span> },
            { label: 'Profit', value: <span className="tabular-nums" title={formatMoneyPrecise(call.profit)}>{formatMoney(call.profit)}</span> },
          ]}
        />
      </Section>
      <Section title="Conversions">
        <CallConversions call={call} timeZone={timeZone} />
      </Section>
      <Section title="Geography">
        <DetailList
          items={[
            { label: 'Location', value: call.geoLocation || '—' },
            { label: 'ZIP code', value: call.callerZip || '—' },
            { label: 'Country', value: call.callerCountry || '—' },
          ]}
        />
      </Section>
      {call.dni && (
        <Section title="Web visit">
          <WebVisit dni={call.dni} timeZone={timeZone} />
        </Section>
      )}
      {!call.dni && utm.length > 0 && (
        <Section title="Visit (UTM)">
          <DetailList items={utm.map(([key, value]) => ({ label: `utm_${key}`, value }))} />
        </Section>
      )}
      {call.parameters.length > 0 && (
        <Section title="URL parameters">
          <DetailList
            items={call.parameters.map((p) => ({
              label: p.displayName === p.name ? p.name : `${p.displayName} (${p.name})`,
              value: <span className="break-all">{p.value}</span>,
            }))}
          />
        </Section>
      )}
    </div>
  )
}

/** Who took the call: the buyer, or the bidder whose bid won it (and the buyer it failed over to, if any). */
function destinationItems(call: CallDetail) {
  const won = call.rtbTargetId != null
  const items = []
  if (won) {
    items.push({
      label: 'Winning bidder (RTB)',
      value: call.rtbTargetName ?? call.auction?.winningTargetName ?? `RTB target #${call.rtbTargetId}`,
    })
    items.push({ label: 'Winning bid', value: call.auction?.winningBid ? formatMoney(call.auction.winningBid) : '—' })
  }
  if (!won || call.buyerName) {
    items.push({ label: won ? 'Buyer (after the bidder)' : 'Buyer', value: call.buyer?.name ?? call.buyerName ?? 'None' })
    items.push({ label: 'Buyer company', value: call.buyer?.company || '—' })
  }
  return items
}

function RtbAnalytics({ call }: { call: CallDetail }) {
  const auction = call.auction
  if (!auction) {
    const rtb = call.campaign?.type === 'rtb'
    return (
      <EmptyState
        icon={Gavel}
        title="No auction for this call"
        description={
          rtb
            ? 'No auction was run for this call: the campaign had no active bidders, or the call was turned away before bidding.'
            : "This call's campaign sells to its own buyers; only RTB campaigns auction calls."
        }
      />
    )
  }
  return (
    <div className="flex flex-col gap-6">
      <AuctionSummary auction={auction} />
      <BidderResults rows={auction.bids} />
    </div>
  )
}

function Recordings({ call }: { call: CallDetail }) {
  if (!call.recordingUrl) {
    return <EmptyState icon={Mic} title="No recording" description="This call was not recorded." />
  }
  return (
    <div className="flex flex-col gap-4">
      <audio controls preload="none" src={call.recordingUrl} className="w-full" aria-label={`Recording of call ${call.callSid}`}>
        <a href={call.recordingUrl}>Download the recording</a>
      </audio>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-muted-foreground">
        <span>
          {call.recordingDuration != null && <>Length {formatDuration(call.recordingDuration)}</>}
          {call.recordingSid && <span className="ml-2 font-mono text-xs">{call.recordingSid}</span>}
        </span>
        <Button asChild variant="outline" size="sm">
          <a href={call.recordingUrl} download target="_blank" rel="noreferrer">
            <Download aria-hidden="true" />
            Download recording
          </a>
        </Button>
      </div>
      <Section title="Transcription">
        {call.transcription ? (
          <p className="text-sm whitespace-pre-wrap">{call.transcription}</p>
        ) : (
          <p className="text-sm text-muted-foreground">No transcription for this call.</p>
        )}
      </Section>
    </div>
  )
}

function Technical({ call, timeZone }: { call: CallDetail; timeZone?: string }) {
  const routing = call.routing
  return (
    <div className="flex flex-col gap-6">
      {call.flow && (
        <Section title="Call flow">
          <CallFlowPathDetails call={call} flow={call.flow} timeZone={timeZone} />
        </Section>
      )}
      {call.auction && (
        <Section title="Auction">
          <p className="text-sm">
            {call.auction.auctionStatus === 'won' ? (
              <>
                Won by <span className="font-medium">{call.auction.winningTargetName ?? `RTB target #${call.auction.winningTarget}`}</span> at{' '}
                {formatMoney(call.auction.winningBid)} after {call.auction.totalResponseTimeMs} ms; {call.auction.totalTargets}{' '}
                {call.auction.totalTargets === 1 ? 'bidder' : 'bidders'} pinged, {call.auction.successfulResponses} valid{' '}
                {call.auction.successfulResponses === 1 ? 'bid' : 'bids'}.
              </>
            ) : (
              <>
                No winner: {call.auction.totalTargets} {call.auction.totalTargets === 1 ? 'bidder' : 'bidders'} pinged,{' '}
                {call.auction.successfulResponses} valid {call.auction.successfulResponses === 1 ? 'bid' : 'bids'}. The campaign&apos;s
                fallback took the call.
              </>
            )}{' '}
            <span className="font-mono text-xs text-muted-foreground">{call.auction.requestId}</span>
          </p>
        </Section>
      )}
      <Section title={call.auction ? "Buyers' routing decision trace" : 'Routing decision trace'}>
        {routing ? (
          <>
            <p className="text-sm">
              Outcome: <Badge variant={routing.outcome === 'routed' ? 'success' : 'warning'}>{labelOf(routingOutcomeLabels, routing.outcome)}</Badge>
              {routing.reason && <span className="ml-2 text-muted-foreground">{routing.reason}</span>}
            </p>
            <RoutingTraceTable trace={routing.trace} caption="Routing decision trace" />
          </>
        ) : (
          <p className="text-sm text-muted-foreground">No routing decision was stored for this call.</p>
        )}
      </Section>
      {routing && (
        <>
          <Section title="Candidates">
            <CandidatesTable candidates={routing.candidates} caption="Candidate buyers, in the order they were tried" />
          </Section>
          <Section title="Notes">
            <RoutingNotes notes={routing.notes} />
          </Section>
        </>
      )}
      <Section title="Timings">
        <DetailList
          items={[
            { label: 'Created', value: formatDateTime(call.createdAt, timeZone) },
            { label: 'Connected', value: call.connectedAt ? formatDateTime(call.connectedAt, timeZone) : 'Never connected' },
            { label: 'Ended', value: call.endedAt ? formatDateTime(call.endedAt, timeZone) : '—' },
            { label: 'Talk time', value: seconds(call.talkTime) },
            { label: 'Routing attempts', value: String(call.routingAttempts) },
            { label: 'Minimum duration to convert', value: seconds(call.minDurationSecs) },
          ]}
        />
      </Section>
    </div>
  )
}

/** The four tabs of a call's details. */
export function CallDetailTabs({ call, timeZone }: { call: CallDetail; timeZone?: string }) {
  return (
    <Tabs defaultValue="overview">
      {/* Scrolls by itself on a phone, rather than the whole panel sideways. */}
      <TabsList aria-label="Call details" className="max-w-full justify-start overflow-x-auto">
        <TabsTrigger value="overview">Overview</TabsTrigger>
        <TabsTrigger value="rtb">RTB Analytics</TabsTrigger>
        <TabsTrigger value="recordings">Recordings</TabsTrigger>
        <TabsTrigger value="technical">Technical</TabsTrigger>
      </TabsList>
      <TabsContent value="overview">
        <Overview call={call} timeZone={timeZone} />
      </TabsContent>
      <TabsContent value="rtb">
        <RtbAnalytics call={call} />
      </TabsContent>
      <TabsContent value="recordings">
        <Recordings call={call} />
      </TabsContent>
      <TabsContent value="technical">
        <Technical call={call} timeZone={timeZone} />
      </TabsContent>
    </Tabs>
  )
}
