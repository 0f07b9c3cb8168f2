import type { TestBid } from '@/api/rtb'
import { DetailList } from '@/components/shared/DetailList'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { formatMoney, formatPhone } from '@/lib/format'
import { CodeBlock } from './CodeBlock'
import { rejectionText } from './rejection'
import { ResponseTimeLabel } from './ResponseTimeLabel'

/** What a test bid sent, what came back, and how it was read. */
export function TestBidResult({ result }: { result: TestBid }) {
  const rejection = rejectionText(result.rejectionReason, result.rejectionCode)
  return (
    <div className="flex flex-col gap-4">
      <section aria-label="Parsed result" className="rounded-md border border-border p-4">
        <DetailList
          items={[
            { label: 'Result', value: <StatusBadge status={result.status} label={result.accepted ? `Accepted (${result.status})` : undefined} /> },
            { label: 'HTTP status', value: result.httpStatus ?? '—' },
            { label: 'Response time', value: <ResponseTimeLabel ms={result.responseTimeMs} /> },
            { label: 'Bid amount', value: result.bidAmount ? `${formatMoney(result.bidAmount)} ${result.currency}` : '—' },
            { label: 'Destination', value: formatPhone(result.destination) },
            { label: 'Rejection', value: rejection ?? '—' },
            ...(result.error ? [{ label: 'Error', value: <span className="text-destructive">{result.error}</span> }] : []),
          ]}
        />
      </section>
      <div>
        <p className="text-xs font-medium text-muted-foreground">Request sent</p>
        <p className="font-mono text-sm break-all">
          <span className="font-semibold">{result.method}</span> {result.url}
        </p>
      </div>
      <CodeBlock label="Request body" text={result.request} />
      <CodeBlock label="Raw response" text={result.response} />
    </div>
  )
}
