import { History } from 'lucide-react'
import { useCurrentUser } from '@/api/auth'
import { useNumberHistory } from '@/api/phoneNumbers'
import type { PhoneNumber } from '@/api/types'
import { EmptyState } from '@/components/shared/EmptyState'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDateTime, formatPhone } from '@/lib/format'
import { historyActionLabels } from '@/lib/labels'
import { HistoryTarget } from './HistoryTarget'


/** The assignment history of one number, newest first, in a side panel. */
export function NumberHistoryDialog({ number, onClose }: { number: PhoneNumber | undefined; onClose: () => void }) {
  const history = useNumberHistory(number?.id)
  const timeZone = useCurrentUser().data?.timeZone
  const entries = history.data ? [...history.data].sort((a, b) => b.at.localeCompare(a.at)) : undefined

  return (
    <Dialog open={number !== undefined} onOpenChange={(open) => !open && onClose()}>
      <DialogContent side="right" className="overflow-y-auto">
        <DialogHeader>
          <DialogTitle>History of {number ? formatPhone(number.phoneNumber) : ''}</DialogTitle>
          <DialogDescription>Pools and campaigns this number joined and left.</DialogDescription>
        </DialogHeader>
        {history.isError ? (
          <QueryErrorAlert title="The history could not be loaded." error={history.error} onRetry={() => void history.refetch()} />
        ) : !entries ? (
          <div className="flex flex-col gap-3" aria-label="Loading history">
            <Skeleton className="h-12 w-full" />
            <Skeleton className="h-12 w-full" />
          </div>
        ) : entries.length === 0 ? (
          <EmptyState icon={History} title="No history yet" description="The number has not been in a pool or campaign." />
        ) : (
          <ol className="relative flex flex-col gap-4 border-l border-border pl-5">
            {entries.map((entry, index) => (
              <li key={`${entry.at}-${index}`} className="relative text-sm">
                <span aria-hidden="true" className="absolute top-1.5 -left-[1.45rem] size-2.5 rounded-full border-2 border-background bg-primary" />
                <p className="font-medium">
                  {historyActionLabels[entry.action] ?? entry.action} <HistoryTarget entry={entry} />
                </p>
                <p className="text-xs text-muted-foreground">
                  <time dateTime={entry.at}>{formatDateTime(entry.at, timeZone)}</time>
                </p>
              </li>
            ))}
          </ol>
        )}
      </DialogContent>
    </Dialog>
  )
}
