import { ArrowRight, CircleAlert, History, LoaderCircle } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { toast } from 'sonner'
import { isApiError } from '@/api/client'
import { useCallConversions, useReportConversion, type ConversionLogEntry } from '@/api/conversions'
import type { CallDetail } from '@/api/types'
import { DataTable, type Column } from '@/components/shared/DataTable'
import { EmptyState } from '@/components/shared/EmptyState'
import { FormField } from '@/components/shared/FormField'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { formatDateTime, formatMoneyPrecise } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'
import { usePermissions } from '@/hooks/usePermissions'

/** A decimal amount such as 45 or 45.00, or '' for none. */
const AMOUNT = /^(\d{1,7})(\.\d{1,4})?$/

const yesNo = (value: boolean) => (value ? 'Yes' : 'No')

function Change({ before, after }: { before: string; after: string }) {
  if (before === after) return <span>{after}</span>
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      <span className="text-muted-foreground">{before}</span>
      <ArrowRight className="size-3 text-muted-foreground" aria-label="to" />
      <span className="font-medium">{after}</span>
    </span>
  )
}

function columns(timeZone?: string): Column<ConversionLogEntry>[] {
  return [
    { id: 'time', header: 'Time', cell: (c) => formatDateTime(c.createdAt, timeZone) },
    {
      id: 'via',
      header: 'Via',
      cell: (c) => (
        <span className="flex flex-wrap items-center gap-1">
          <Badge variant={c.via === 'postback' ? 'info' : 'neutral'}>{c.via === 'postback' ? 'Postback' : c.via === 'user' ? 'User' : c.via}</Badge>
          {c.duplicate && <Badge variant="warning" title="The same idempotency key was sent before: nothing changed">Repeat</Badge>}
        </span>
      ),
    },
    { id: 'converted', header: 'Converted', cell: (c) => <Change before={yesNo(c.previousConverted)} after={yesNo(c.converted)} /> },
    {
      id: 'revenue',
      header: 'Revenue',
      cell: (c) => <Change before={formatMoneyPrecise(c.previousRevenue)} after={formatMoneyPrecise(c.revenue)} />,
    },
    {
      id: 'note',
      header: 'Note',
      className: 'min-w-32 max-w-64 whitespace-normal',
      cell: (c) => (
        <span className="break-words">
          {c.note || <span className="text-muted-foreground">—</span>}
          {c.idempotencyKey && <span className="block font-mono text-xs text-muted-foreground">key {c.idempotencyKey}</span>}
        </span>
      ),
    },
    { id: 'address', header: 'From address', cell: (c) => (c.address ? <code className="text-xs">{c.address}</code> : '—') },
  ]
}

/** The small form of "Mark converted" / "Mark not converted": optional revenue and note. */
function ConversionForm({ call, converted, onDone }: { call: CallDetail; converted: boolean; onDone: () => void }) {
  const report = useReportConversion()
  const [revenue, setRevenue] = useState('')
  const [note, setNote] = useState('')
  const [revenueError, setRevenueError] = useState<string>()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const amount = revenue.trim().replace(/^\$/, '')
    if (amount !== '' && !AMOUNT.test(amount)) return setRevenueError('Enter an amount such as 45.00')
    setRevenueError(undefined)
    report.mutate(
      { callId: call.id, converted, revenue: amount === '' ? undefined : amount, note: note.trim() || undefined },
      {
        onSuccess: () => {
          toast.success(converted ? 'Call marked converted' : 'Call marked not converted')
          onDone()
        },
        onError: (error) => {
          if (isApiError(error) && error.details?.field === 'revenue') {
            setRevenueError(serverErrorMessage(error))
          }
        },
      },
    )
  }
  return (
    <form noValidate onSubmit={submit} aria-label={converted ? 'Mark converted' : 'Mark not converted'} className="flex flex-col gap-3 rounded-lg border border-border p-3">
      {report.error && !revenueError && (
        <Alert variant="destructive" role="alert">
          <CircleAlert aria-hidden="true" />
          <span>{serverErrorMessage(report.error)}</span>
        </Alert>
      )}
      <div className="grid gap-3 sm:grid-cols-[10rem_minmax(0,1fr)]">
        <FormField
          label="Revenue"
          error={revenueError}
          hint={converted ? (call.revenue && Number(call.revenue) > 0 ? 'Empty keeps the current revenue.' : "Empty: the buyer's payout.") : 'Empty sets it to 0.'}
        >
          {(p) => <Input {...p} inputMode="decimal" placeholder="45.00" value={revenue} onChange={(e) => setRevenue(e.target.value)} />}
        </FormField>
        <FormField label="Note">
          {(p) => <Input {...p} maxLength={500} placeholder="Why, e.g. order 1001" value={note} onChange={(e) => setNote(e.target.value)} />}
        </FormField>
      </div>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button type="button" variant="outline" size="sm" onClick={onDone} disabled={report.isPending}>
          Cancel
        </Button>
        <Button type="submit" size="sm" disabled={report.isPending}>
          {report.isPending && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          {!converted ? 'Mark not converted' : call.converted ? 'Save revenue' : 'Mark converted'}
        </Button>
      </div>
    </form>
  )
}

/** A call's conversion: Mark converted / not converted, and every report that changed it. */
export function CallConversions({ call, timeZone }: { call: CallDetail; timeZone?: string }) {
  const { canWrite } = usePermissions()
  const history = useCallConversions(call.id)
  const [marking, setMarking] = useState<boolean>()
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm">
          {call.converted ? (
            <>
              <Badge variant="success">Converted</Badge> with revenue <span className="font-medium tabular-nums">{formatMoneyPrecise(call.revenue)}</span>
            </>
          ) : (
            <Badge variant="neutral">Not converted</Badge>
          )}
        </p>
        {marking === undefined && canWrite('calls') && (
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant={call.converted ? 'outline' : 'default'} onClick={() => setMarking(true)}>
              {call.converted ? 'Change revenue' : 'Mark converted'}
            </Button>
            {call.converted && (
              <Button size="sm" variant="outline" onClick={() => setMarking(false)}>
                Mark not converted
              </Button>
            )}
          </div>
        )}
      </div>
      {marking !== undefined && <ConversionForm key={String(marking)} call={call} converted={marking} onDone={() => setMarking(undefined)} />}
      <DataTable
        cards
        caption="Conversion history"
        columns={columns(timeZone)}
        rows={history.data}
        getRowKey={(c) => c.conversionId}
        isLoading={history.isPending}
        error={history.error}
        onRetry={() => void history.refetch()}
        empty={
          <EmptyState
            icon={History}
            title="No conversion reports"
            description="Reports from a buyer's postback, or made here, are listed with what each changed."
          />
        }
      />
    </div>
  )
}
