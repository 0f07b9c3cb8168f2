import { CircleCheck, CircleQuestionMark, CircleSlash, PhoneOff } from 'lucide-react'
import type { Simulation } from '@/api/types'
import { CandidatesTable } from '@/components/routing/CandidatesTable'
import { RoutingNotes } from '@/components/routing/RoutingNotes'
import { RoutingTraceTable } from '@/components/routing/RoutingTraceTable'
import { Badge } from '@/components/ui/badge'
import { formatDateTimeWithZone, formatMoney, formatPhone } from '@/lib/format'
import { TestCallAuction } from './TestCallAuction'

function Verdict({ result }: { result: Simulation }) {
  const buyer = result.buyer
  if (result.outcome === 'routed' && buyer) {
    return (
      <div className="flex items-start gap-3 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-emerald-900 dark:border-emerald-900/60 dark:bg-emerald-950/40 dark:text-emerald-100">
        <CircleCheck className="mt-0.5 size-5 shrink-0" aria-hidden="true" />
        <div>
          <p className="font-semibold">{buyer.buyerName} would get this call</p>
          <p className="text-sm">
            Rung first at {formatPhone(buyer.number)}
            {buyer.backupNumber ? ` (backup ${formatPhone(buyer.backupNumber)})` : ''}, payout {formatMoney(buyer.payout)}
            {result.paid ? '' : ' — not paid'}.
          </p>
        </div>
      </div>
    )
  }
  const rejected = result.outcome === 'rejected'
  const Icon = rejected ? CircleSlash : PhoneOff
  return (
    <div className="flex items-start gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-100">
      <Icon className="mt-0.5 size-5 shrink-0" aria-hidden="true" />
      <div>
        <p className="font-semibold">{rejected ? 'The call would be rejected' : 'No buyer would get this call'}</p>
        <p className="text-sm">{result.reason || 'No buyer is eligible for this call.'}</p>
      </div>
    </div>
  )
}

/** What the simulation cannot know, as the server says it (e.g. whether the buyer answers). */
function Unknowns({ unknowns }: { unknowns: readonly string[] }) {
  return (
    <section aria-label="What this test cannot know" className="flex flex-col gap-2 rounded-lg border border-border bg-muted/40 px-4 py-3">
      <h3 className="flex items-center gap-2 text-sm font-semibold">
        <CircleQuestionMark className="size-4 text-muted-foreground" aria-hidden="true" />
        What this test cannot know
      </h3>
      <ul className="list-disc space-y-1 pl-5 text-sm text-muted-foreground">
        {unknowns.map((u, i) => (
          <li key={i}>{u}</li>
        ))}
      </ul>
    </section>
  )
}

/**
 * What a test call found: the buyer (or why nobody), for RTB campaigns the auction (and
 * the test auction's bids when one was run), the candidates in order, the full trace, and
 * what the test cannot know.
 */
export function TestCallResult({ result, timeZone }: { result: Simulation; timeZone?: string }) {
  return (
    <section aria-label="Test call result" className="flex flex-col gap-5">
      <Verdict result={result} />
      <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
        <span>
          Simulated for <time dateTime={result.at}>{formatDateTimeWithZone(result.at, timeZone)}</time>
        </span>
        {result.duplicate && <Badge variant="warning">Duplicate caller</Badge>}
        <Badge variant={result.paid ? 'success' : 'neutral'}>{result.paid ? 'Payable' : 'Not payable'}</Badge>
      </div>
      {result.auction && <TestCallAuction auction={result.auction} />}
      <div className="flex flex-col gap-2">
        <h3 className="text-sm font-semibold">Buyers in the order they would be tried</h3>
        <CandidatesTable candidates={result.candidates} empty="No buyer is eligible." />
      </div>
      <div className="flex flex-col gap-2">
        <h3 className="text-sm font-semibold">Routing trace</h3>
        <RoutingTraceTable trace={result.trace} caption="Routing trace of the test call" />
      </div>
      {result.notes.length > 0 && (
        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-semibold">Notes</h3>
          <RoutingNotes notes={result.notes} />
        </div>
      )}
      {result.unknowns.length > 0 && <Unknowns unknowns={result.unknowns} />}
    </section>
  )
}
