import { Download, FileSpreadsheet, FileText, LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import type { ExportFormat } from '@/api/reports'
import { Button } from '@/components/ui/button'

const FORMATS: { format: ExportFormat; label: string; icon: typeof Download }[] = [
  { format: 'csv', label: 'CSV', icon: Download },
  { format: 'xlsx', label: 'Excel', icon: FileSpreadsheet },
  { format: 'pdf', label: 'PDF', icon: FileText },
]

/** Export buttons; each waits for its file (`onExport` resolves when the download started). */
export function ReportExportButtons({ onExport, disabled }: { onExport: (format: ExportFormat) => Promise<unknown>; disabled?: boolean }) {
  const [pending, setPending] = useState<ExportFormat>()
  const run = async (format: ExportFormat) => {
    setPending(format)
    try {
      await onExport(format)
    } finally {
      setPending(undefined)
    }
  }
  return (
    <div role="group" aria-label="Export report" className="flex flex-wrap items-center gap-2">
      {FORMATS.map(({ format, label, icon: Icon }) => (
        <Button
          key={format}
          type="button"
          variant="outline"
          size="sm"
          disabled={disabled || pending !== undefined}
          aria-label={`Export ${label}`}
          onClick={() => void run(format)}
        >
          {pending === format ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Icon aria-hidden="true" />}
          {label}
        </Button>
      ))}
    </div>
  )
}
