import { Gavel, Trophy } from 'lucide-react'
import type { AuctionPreview, SimulatedAuction, TargetPreview } from '@/api/types'
import { DetailList } from '@/components/shared/DetailList'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { rejectionText } from '@/components/rtb/rejection'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { formatMoney, formatPhone } from '@/lib/format'
import { bidStatusLabels, labelOf, rtbFallbackLabels } from '@/lib/labels'
import { cn } from '@/lib/utils'
import { bidderName, formatMs } from './testCall'

/** Whether a call now would ping the bidder, or why not. */
function PingCell({ target }: { target: TargetPreview }) {
  if (target.pinged) return <Badge variant="success">Pinged</Badge>
  return (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <Badge variant="warning">Not pinged</Badge>
      <span className="sr-only">: </span>
      <span className="text-muted-foreground">{target.reason || 'no reason given'}</span>
    </span>
  )
}

/** The bidders in the order the auction ranks them, and whether a call now would ping each. */
function BiddersTable({ targets }: { targets: readonly TargetPreview[] }) {
  if (targets.length === 0) {
    return <p className="text-sm text-muted-foreground">This campaign has no bidders: every call goes to its fallback.</p>
  }
  return (
    <Table>
      <TableCaption>Bidders, best priority first</TableCaption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead scope="col" className="w-10 text-right">#</TableHead>
          <TableHead scope="col">Bidder</TableHead>
          <TableHead scope="col" className="text-right">Priority</TableHead>
          <TableHead scope="col">A call now</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {targets.map((t, i) => (
          <TableRow key={`${t.rtbTargetId}-${i}`}>
            <TableCell className="text-right tabular-nums text-muted-foreground">{i + 1}</TableCell>
            <TableCell className="font-medium">{t.name}</TableCell>
            <TableCell className="text-right tabular-nums">{t.priority}</TableCell>
            <TableCell className="min-w-48 whitespace-normal">
              <PingCell target={t} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}

/** One line on who won the test auction (or that nobody did), and how long it took. */
function TestVerdict({ auction, test }: { auction: AuctionPreview; test: SimulatedAuction }) {
  const winner = test.winnerRtbTargetId == null ? undefined : test.bids.find((b) => b.rtbTargetId === test.winnerRtbTargetId)
  const took = `The auction took ${formatMs(test.totalMs)}.`
  if (winner) {
    return (
      <p className="text-sm">
        <span className="font-semibold">{bidderName(auction.targets, winner.rtbTargetId)}</span> would win with{' '}
        <span className="font-semibold tabular-nums">{formatMoney(winner.bid)}</span>
        {winner.destination ? ` and take the call at ${formatPhone(winner.destination)}` : ''}. {took}
      </p>
    )
  }
  return (
    <p className="text-sm">
      <span className="font-semibold">No bid would win</span>: the call would go to the fallback ({labelOf(rtbFallbackLabels, auction.fallback).toLowerCase()}). {took}
    </p>
  )
}

/** The winner's row, tinted; opaque, so that the sticky bidder cell hides what scrolls under it. */
const WON_ROW =
  'bg-emerald-50 hover:bg-emerald-50 dark:bg-[color-mix(in_oklab,var(--color-emerald-950)_45%,var(--color-card))] dark:hover:bg-[color-mix(in_oklab,var(--color-emerald-950)_45%,var(--color-card))]'

/** Each bidder's answer in the test auction, the winner marked. */
function BidsTable({ auction, test }: { auction: AuctionPreview; test: SimulatedAuction }) {
  if (test.bids.length === 0) {
    return <p className="text-sm text-muted-foreground">No bidder was asked: a call now would ping none of them.</p>
  }
  return (
    <Table>
      <TableCaption>Bidders’ answers in the test auction</TableCaption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead scope="col" sticky="left">
            Bidder
          </TableHead>
          <TableHead scope="col">Answer</TableHead>
          <TableHead scope="col" className="text-right">Bid</TableHead>
          <TableHead scope="col" className="text-right">Response time</TableHead>
          <TableHead scope="col">Destination</TableHead>
          <TableHead scope="col">Rejection or error</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {test.bids.map((b, i) => {
          const won = b.rtbTargetId === test.winnerRtbTargetId
          const why = [rejectionText(b.rejectionReason, b.rejectionCode), b.error].filter(Boolean).join('; ')
          return (
            <TableRow key={`${b.rtbTargetId}-${i}`} className={cn(won && WON_ROW)}>
              <TableCell sticky="left" className={cn('font-medium', won && WON_ROW)}>
                <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  {bidderName(auction.targets, b.rtbTargetId)}
                  {won && (
                    <Badge variant="success">
                      <Trophy className="size-3" aria-hidden="true" />
                      Winner
                    </Badge>
                  )}
                </span>
              </TableCell>
              <TableCell>
                <StatusBadge status={b.status} label={labelOf(bidStatusLabels, b.status)} />
              </TableCell>
              <TableCell className={cn('text-right tabular-nums', won && 'font-semibold')}>{formatMoney(b.bid)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatMs(b.responseMs)}</TableCell>
              <TableCell className="tabular-nums">{formatPhone(b.destination)}</TableCell>
              <TableCell className={cn('min-w-40 whitespace-normal', why ? 'text-destructive' : 'text-muted-foreground')}>{why || '—'}</TableCell>
            </TableRow>
          )
        })}
      </TableBody>
    </Table>
  )
}

/**
 * An RTB campaign's auction as the next call would run it: floor, deadline, fallback and
 * each bidder (pinged or why not); and, when one was run, the test auction's answers.
 */
export function TestCallAuction({ auction }: { auction: AuctionPreview }) {
  const test = auction.test
  return (
    <>
      <section aria-label="RTB auction" className="flex flex-col gap-3">
        <h3 className="flex items-center gap-2 text-sm font-semibold">
          <Gavel className="size-4 text-primary" aria-hidden="true" />
          RTB auction
        </h3>
        <DetailList
          className="rounded-md border border-border p-4 sm:grid-cols-3"
          items={[
            { label: 'Floor (lowest bid accepted)', value: <span className="tabular-nums">{formatMoney(auction.floor)}</span> },
            { label: 'Bidders must answer within', value: <span className="tabular-nums">{formatMs(auction.deadlineMs)}</span> },
            { label: 'If no bid wins', value: labelOf(rtbFallbackLabels, auction.fallback) },
          ]}
        />
        <p className="text-sm text-muted-foreground">
          A call goes to this auction first. The buyers below are used only when no bid wins and the fallback routes to the campaign buyers.
          Bidders are listed best priority first; their caps are checked for a call made now, whatever the call time above.
        </p>
        <BiddersTable targets={auction.targets} />
      </section>
      {test && (
        <section aria-label="Test auction" className="flex flex-col gap-3">
          <h3 className="text-sm font-semibold">Test auction</h3>
          <Alert role="note" variant="info">
            <Gavel aria-hidden="true" />
            <span>
              The bidders were really asked for a bid. <strong className="font-medium">Nothing was dialled, recorded or counted.</strong>
            </span>
          </Alert>
          <TestVerdict auction={auction} test={test} />
          <BidsTable auction={auction} test={test} />
        </section>
      )}
    </>
  )
}
