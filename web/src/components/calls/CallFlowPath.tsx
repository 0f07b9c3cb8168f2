import { Link } from 'react-router'
import type { CallFlowPath } from '@/api/callFlows'
import type { CallDetail } from '@/api/types'
import { flowEndLabels, isNodeType, nodeTypeLabels } from '@/components/callFlows/model'
import { Badge } from '@/components/ui/badge'
import { formatDateTime } from '@/lib/format'

const LIVE_STATUSES = new Set(['queued', 'initiated', 'ringing', 'in-progress'])

/** The flow's name as a link to its builder (or its id once the flow is deleted). */
export function FlowLink({ flow }: { flow: CallFlowPath }) {
  if (!flow.flowName) return <span>Deleted call flow #{flow.flowId}</span>
  return (
    <Link to={`/call-flows/${flow.flowId}`} className="font-medium text-primary hover:underline">
      {flow.flowName}
    </Link>
  )
}

/** Whether the call is still going on (in the flow, waiting for the caller). */
function isLive(call: CallDetail): boolean {
  return !call.endedAt && LIVE_STATUSES.has(call.status)
}

/** How the call left the flow, in words: "Routed to buyers", "Caller hung up at menu_1"… */
export function flowEndText(call: CallDetail, flow: CallFlowPath): string {
  if (flow.end) return flowEndLabels[flow.end] ?? flow.end
  if (flow.waitingAt) return isLive(call) ? `Waiting for the caller at ${flow.waitingAt}` : `Caller hung up at ${flow.waitingAt}`
  return isLive(call) ? 'Still in the flow' : 'Left the flow without an end'
}

function secondsAt(ms: number | null | undefined): string {
  if (ms == null) return '–'
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** The Technical tab's "Call flow" section: the version run, the path through it, the end and the variables. */
export function CallFlowPathDetails({ call, flow, timeZone }: { call: CallDetail; flow: CallFlowPath; timeZone?: string }) {
  const variables = Object.entries(flow.variables ?? {})
  const endedBadly = !flow.end || flow.end === 'failed' || flow.end === 'hangup'
  return (
    <div className="flex flex-col gap-3 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <FlowLink flow={flow} />
        <Badge variant="info">version {flow.version}</Badge>
      </p>
      <p>
        Ended: <Badge variant={endedBadly ? 'warning' : 'success'}>{flowEndText(call, flow)}</Badge>
      </p>
      {flow.path.length === 0 ? (
        <p className="text-muted-foreground">No node was recorded for this call.</p>
      ) : (
        <ol className="flex flex-col gap-2" aria-label="Path through the call flow">
          {flow.path.map((step, i) => (
            <li key={i} className="rounded-md border border-border p-2">
              <div className="flex flex-wrap items-center gap-2">
                <span className="grid size-5 shrink-0 place-items-center rounded-full bg-muted text-[10px] font-semibold">{i + 1}</span>
                <span className="font-mono text-xs">{step.nodeId}</span>
                <span className="text-xs text-muted-foreground">{isNodeType(step.nodeType) ? nodeTypeLabels[step.nodeType] : step.nodeType}</span>
                {step.input != null && <Badge variant="info">input: {step.input || '(none)'}</Badge>}
                {step.output != null && <Badge variant="success">→ {step.output}</Badge>}
                <span className="ml-auto text-xs text-muted-foreground tabular-nums" title={formatDateTime(step.enteredAt, timeZone)}>
                  {secondsAt(step.durationMs)}
                </span>
              </div>
              {step.note && <p className="mt-1 text-xs text-muted-foreground">{step.note}</p>}
            </li>
          ))}
        </ol>
      )}
      <div>
        <p className="mb-1 text-xs font-medium">Variables</p>
        {variables.length === 0 ? (
          <p className="text-xs text-muted-foreground">None set.</p>
        ) : (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs" aria-label="Flow variables">
            {variables.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-mono text-muted-foreground">{k}</dt>
                <dd className="font-mono break-all">{v}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </div>
  )
}
