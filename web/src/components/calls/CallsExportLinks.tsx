import { Download, FileSpreadsheet, FileText } from 'lucide-react'
import { callsExportUrl, type CallsExportFormat } from '@/api/calls'
import { Button } from '@/components/ui/button'

const FORMATS: { format: CallsExportFormat; label: string; icon: typeof Download }[] = [
  { format: 'csv', label: 'Export CSV', icon: Download },
  { format: 'xlsx', label: 'Export Excel', icon: FileSpreadsheet },
  { format: 'pdf', label: 'Export PDF', icon: FileText },
]

/** Download links of the calls matching the explorer's filters, in its sort, as CSV, Excel or PDF. */
export function CallsExportLinks({ filters, sort, order }: { filters: Record<string, string>; sort?: string; order?: string }) {
  return (
    <div role="group" aria-label="Export calls" className="flex flex-wrap items-center gap-2">
      {FORMATS.map(({ format, label, icon: Icon }) => (
        <Button key={format} asChild variant="outline" size="sm">
          <a href={callsExportUrl(filters, { sort, order }, format)} download>
            <Icon aria-hidden="true" />
            {label}
          </a>
        </Button>
      ))}
    </div>
  )
}
