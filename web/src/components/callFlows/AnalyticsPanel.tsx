import { ChartNoAxesColumn, RefreshCw } from 'lucide-react'
import { useId, useState } from 'react'
import type { AnalyticsRange, FlowAnalytics, FlowNodeStats, FlowSplitStats } from '@/api/callFlows'
import { EmptyState } from '@/components/shared/EmptyState'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { SegmentedControl } from '@/components/shared/SegmentedControl'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Skeleton } from '@/components/ui/skeleton'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatCount, formatMoney, formatPercent } from '@/lib/format'
import { isNodeType, nodeTypeLabels } from './model'

export type RangePreset = '24h' | '7d' | '30d' | 'dates'

/** The range picked in the panel: a preset (anchored when picked) or two days. */
export interface AnalyticsChoice {
  preset: RangePreset
  range: AnalyticsRange
}

const PRESET_HOURS: Record<Exclude<RangePreset, 'dates'>, number> = { '24h': 24, '7d': 7 * 24, '30d': 30 * 24 }

const presetOptions = [
  { value: '24h', label: 'Last 24 h' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: 'dates', label: 'Dates' },
] as const satisfies readonly { value: RangePreset; label: string }[]

/** YYYY-MM-DD of a date, in the browser's time zone. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** A preset's range up to `now` (instants: `from` only, the server's `to` is now). */
export function presetChoice(preset: Exclude<RangePreset, 'dates'>, now: Date = new Date()): AnalyticsChoice {
  return { preset, range: { from: new Date(now.getTime() - PRESET_HOURS[preset] * 3600_000).toISOString(), to: '' } }
}

/** Tighter cells: the tables sit in the editor's side panel. */
const COMPACT = 'text-xs [&_td]:px-2 [&_td]:py-1.5 [&_th]:h-8 [&_th]:px-2'

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/

/** Seconds of a duration in ms, one decimal: 1234 -> "1.2 s". */
function secondsOf(ms: number | null | undefined): string {
  return ms == null ? '–' : `${(ms / 1000).toFixed(1)} s`
}

/** Conversions per call as a percentage. */
function rateOf(conversions: number, calls: number): string {
  return calls > 0 ? formatPercent((conversions / calls) * 100) : '–'
}

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3)
}

function NodeLabel({ id, type, onSelect }: { id: string; type: string; onSelect: (id: string) => void }) {
  return (
    <span className="flex min-w-0 flex-col">
      <button type="button" className="truncate text-left font-mono text-xs text-primary hover:underline" onClick={() => onSelect(id)} title="Show on the canvas">
        {id}
      </button>
      <span className="text-[11px] text-muted-foreground">{isNodeType(type) ? nodeTypeLabels[type] : type}</span>
    </span>
  )
}

function RangePicker({ choice, onChange }: { choice: AnalyticsChoice; onChange: (choice: AnalyticsChoice) => void }) {
  const id = useId()
  const today = localDay(new Date())
  const [from, setFrom] = useState(() => (choice.preset === 'dates' ? choice.range.from : localDay(new Date(Date.now() - 6 * 86400_000))))
  const [to, setTo] = useState(() => (choice.preset === 'dates' ? choice.range.to : today))
  const valid = DAY_RE.test(from) && DAY_RE.test(to) && from <= to
  const applied = choice.preset === 'dates' && choice.range.from === from && choice.range.to === to

  return (
    <div className="flex flex-col gap-2">
      <SegmentedControl
        label="Range"
        value={choice.preset}
        options={presetOptions}
        onChange={(preset) => {
          if (preset === 'dates') onChange({ preset, range: valid ? { from, to } : choice.range })
          else onChange(presetChoice(preset))
        }}
      />
      {choice.preset === 'dates' && (
        <form
          className="flex flex-wrap items-end gap-2"
          aria-label="Dates of the range"
          onSubmit={(e) => {
            e.preventDefault()
            if (valid) onChange({ preset: 'dates', range: { from, to } })
          }}
        >
          <div className="flex flex-col gap-1">
            <Label htmlFor={`${id}-from`} className="text-xs text-muted-foreground">
              From
            </Label>
            <Input id={`${id}-from`} type="date" value={from} max={to || today} onChange={(e) => setFrom(e.target.value)} className="h-8 w-36" />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor={`${id}-to`} className="text-xs text-muted-foreground">
              To
            </Label>
            <Input id={`${id}-to`} type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} className="h-8 w-36" />
          </div>
          <Button type="submit" size="sm" variant="outline" disabled={!valid || applied}>
            Show
          </Button>
          {!valid && <p className="w-full text-xs text-destructive">Pick a start day on or before the end day.</p>}
        </form>
      )}
    </div>
  )
}

function Totals({ data }: { data: FlowAnalytics }) {
  const items = [
    { label: 'Calls', value: formatCount(data.calls) },
    { label: 'Conversions', value: formatCount(data.conversions), hint: rateOf(data.conversions, data.calls) },
    { label: 'Revenue', value: formatMoney(data.revenue) },
  ]
  return (
    <dl className="grid grid-cols-3 gap-2" aria-label="Totals">
      {items.map((item) => (
        <div key={item.label} className="rounded-md border border-border px-2.5 py-2">
          <dt className="text-[11px] text-muted-foreground">{item.label}</dt>
          <dd className="text-base font-semibold tabular-nums">
            {item.value}
            {item.hint && <span className="ml-1 text-[11px] font-normal text-muted-foreground">{item.hint}</span>}
          </dd>
        </div>
      ))}
    </dl>
  )
}

function NodesTable({ nodes, onSelectNode }: { nodes: FlowNodeStats[]; onSelectNode: (id: string) => void }) {
  return (
    <div className="flex flex-col gap-1">
    <h3 className="text-xs font-semibold">Nodes</h3>
    <Table className={COMPACT}>
      <TableCaption>Nodes</TableCaption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead scope="col">Node</TableHead>
          <TableHead scope="col" className="text-right">Entries</TableHead>
          <TableHead scope="col">Exits</TableHead>
          <TableHead scope="col" className="text-right">Hang-ups</TableHead>
          <TableHead scope="col" className="text-right">Mean</TableHead>
          <TableHead scope="col" className="text-right">p95</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {nodes.map((n) => {
          const exits = Object.entries(n.exits)
          return (
            <TableRow key={n.nodeId}>
              <TableCell className="max-w-32">
                <NodeLabel id={n.nodeId} type={n.nodeType} onSelect={onSelectNode} />
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(n.entries)}</TableCell>
              <TableCell className="text-xs">
                {exits.length === 0 ? (
                  <span className="text-muted-foreground">–</span>
                ) : (
                  <ul>
                    {exits.map(([output, count]) => (
                      <li key={output} className="whitespace-nowrap">
                        {output}: <span className="tabular-nums">{formatCount(count)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </TableCell>
              <TableCell className={n.hangups > 0 ? 'text-right font-medium text-red-600 tabular-nums dark:text-red-400' : 'text-right tabular-nums'}>
                {formatCount(n.hangups)}
              </TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">{secondsOf(n.meanMs)}</TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">{secondsOf(n.p95Ms)}</TableCell>
            </TableRow>
          )
        })}
      </TableBody>
    </Table>
    </div>
  )
}

function PathsTable({ data }: { data: FlowAnalytics }) {
  return (
    <div className="flex flex-col gap-1">
    <h3 className="text-xs font-semibold">Top paths</h3>
    <Table className={COMPACT}>
      <TableCaption>Top paths</TableCaption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead scope="col">Path</TableHead>
          <TableHead scope="col" className="text-right">Calls</TableHead>
          <TableHead scope="col" className="text-right">Conv.</TableHead>
          <TableHead scope="col" className="text-right">Revenue</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {data.paths.map((p, i) => (
          <TableRow key={i}>
            <TableCell className="min-w-40 font-mono text-[11px] leading-snug whitespace-normal break-words">{p.nodes.join(' → ')}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(p.calls)}</TableCell>
            <TableCell className="text-right tabular-nums">{rateOf(p.conversions, p.calls)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatMoney(p.revenue)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
    </div>
  )
}

function SplitTestTable({ test, onSelectNode }: { test: FlowSplitStats; onSelectNode: (id: string) => void }) {
  return (
    <div className="flex flex-col gap-1">
      <p className="text-xs font-medium">
        {test.testName}{' '}
        <button type="button" className="font-mono text-[11px] font-normal text-primary hover:underline" onClick={() => onSelectNode(test.nodeId)}>
          {test.nodeId}
        </button>
      </p>
      <Table className={COMPACT}>
        <TableCaption>{`Split test ${test.testName}`}</TableCaption>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead scope="col">Branch</TableHead>
            <TableHead scope="col" className="text-right">Calls</TableHead>
            <TableHead scope="col" className="text-right">Conv.</TableHead>
            <TableHead scope="col" className="text-right">Revenue</TableHead>
            <TableHead scope="col" className="text-right">p-value</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {test.branches.map((b, i) => {
            const significant = i > 0 && b.pValue != null && (b.significant || b.pValue < 0.05)
            return (
              <TableRow key={b.name}>
                <TableCell className="font-medium">{b.name}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(b.calls)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatPercent(b.conversionRate * 100)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatMoney(b.revenue)}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {i === 0 || b.pValue == null ? (
                    <span className="text-muted-foreground" title={i === 0 ? 'The other branches are compared with this one' : 'Not enough calls to compare'}>
                      –
                    </span>
                  ) : (
                    <span className="inline-flex items-center justify-end gap-1">
                      {formatP(b.pValue)}
                      {significant && <Badge variant="success">significant</Badge>}
                    </span>
                  )}
                </TableCell>
              </TableRow>
            )
          })}
        </TableBody>
      </Table>
    </div>
  )
}

/**
 * The flow's analytics over a range (GET /api/call-flows/{id}/analytics): totals, a table per
 * node, the top paths and split tests. The editor draws the counts on the canvas meanwhile.
 */
export function AnalyticsPanel({
  choice,
  onChoiceChange,
  data,
  error,
  loading,
  fetching,
  onRefresh,
  onSelectNode,
  nodeOrder = [],
}: {
  choice: AnalyticsChoice
  onChoiceChange: (choice: AnalyticsChoice) => void
  data: FlowAnalytics | undefined
  error: Error | null
  loading: boolean
  fetching: boolean
  onRefresh: () => void
  onSelectNode: (id: string) => void
  /** The canvas's node ids in their order: the node table follows it (others after, by id). */
  nodeOrder?: readonly string[]
}) {
  const rank = new Map(nodeOrder.map((id, i) => [id, i]))
  const nodes = data ? [...data.nodes].sort((a, b) => (rank.get(a.nodeId) ?? Infinity) - (rank.get(b.nodeId) ?? Infinity) || a.nodeId.localeCompare(b.nodeId)) : []
  return (
    <section aria-label="Analytics" className="flex flex-col gap-4">
      <div className="flex items-start justify-between gap-2">
        <RangePicker choice={choice} onChange={onChoiceChange} />
        <Button variant="ghost" size="icon" className="size-8 shrink-0" aria-label="Refresh analytics" title="Refresh" onClick={onRefresh} disabled={fetching}>
          <RefreshCw className={fetching ? 'animate-spin' : undefined} aria-hidden="true" />
        </Button>
      </div>
      {error ? (
        <QueryErrorAlert title="The analytics could not be loaded." error={error} onRetry={onRefresh} retrying={fetching} />
      ) : loading || !data ? (
        <div className="flex flex-col gap-2" role="status" aria-label="Loading the analytics">
          <Skeleton className="h-14 w-full" />
          <Skeleton className="h-32 w-full" />
        </div>
      ) : data.calls === 0 ? (
        <EmptyState
          icon={ChartNoAxesColumn}
          title="No calls ran this flow in this range"
          description="Live calls of the campaigns that use this flow are counted here, on its published version."
        />
      ) : (
        <>
          <Totals data={data} />
          <p className="text-xs text-muted-foreground">On the canvas: calls that reached each node, hang-ups, and calls along each connection.</p>
          {data.splitTests.length > 0 && (
            <div className="flex flex-col gap-3">
              <h3 className="text-xs font-semibold">Split tests</h3>
              {data.splitTests.map((t) => (
                <SplitTestTable key={t.nodeId} test={t} onSelectNode={onSelectNode} />
              ))}
            </div>
          )}
          <NodesTable nodes={nodes} onSelectNode={onSelectNode} />
          {data.paths.length > 0 && <PathsTable data={data} />}
        </>
      )}
    </section>
  )
}
