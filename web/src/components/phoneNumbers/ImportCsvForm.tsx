import { CircleAlert, CircleCheck, FileUp, LoaderCircle } from 'lucide-react'
import { useId, useState } from 'react'
import { useImportPhoneNumbers } from '@/api/phoneNumbers'
import type { ImportReport } from '@/api/types'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Label } from '@/components/ui/label'
import { Textarea } from '@/components/ui/textarea'
import { formatCount, pluralize } from '@/lib/format'
import { serverErrorMessage } from '@/lib/serverErrors'
import { countRows, readFileText, reportFromError } from './importReport'
import { ImportReportTable } from './ImportReportTable'

const EXAMPLE = 'number,friendly_name,type,country\n(212) 555-0100,NYC Google Ads,local,US\n+18005550199,Toll-free line,toll_free,US'

type Phase = { kind: 'input' } | { kind: 'checked'; report: ImportReport } | { kind: 'done'; report: ImportReport }

/**
 * CSV import in two steps: a dry run shows what each row would do, then the import writes
 * them. With bad rows an all-or-nothing import would write nothing, so it is not offered: the
 * main button imports the valid rows (skipping the bad ones), or says there is nothing to import.
 */
export function ImportCsvForm({ onClose }: { onClose: () => void }) {
  const fileId = useId()
  const textId = useId()
  const importer = useImportPhoneNumbers()
  const [csv, setCsv] = useState('')
  const [fileName, setFileName] = useState<string>()
  const [phase, setPhase] = useState<Phase>({ kind: 'input' })
  const [failure, setFailure] = useState<string>()

  async function onFile(file: File | undefined) {
    if (!file) return
    setFileName(file.name)
    setCsv(await readFileText(file))
    setPhase({ kind: 'input' })
  }

  async function run(mode: 'check' | 'all' | 'valid') {
    setFailure(undefined)
    try {
      const report = await importer.mutateAsync({
        csv,
        dryRun: mode === 'check',
        importValidRows: mode === 'valid',
      })
      setPhase(mode === 'check' ? { kind: 'checked', report } : { kind: 'done', report })
    } catch (error) {
      const report = reportFromError(error)
      if (report) {
        setPhase({ kind: 'checked', report })
        if (mode !== 'check') setFailure(`Nothing was imported: ${serverErrorMessage(error)}`)
      } else {
        setFailure(serverErrorMessage(error))
      }
    }
  }

  const pending = importer.isPending

  if (phase.kind === 'done') {
    const { imported, skipped } = phase.report
    return (
      <div className="flex flex-col gap-4">
        <Alert role="status" variant="success">
          <CircleCheck aria-hidden="true" />
          <span>
            Imported {pluralize(imported, 'number')}
            {skipped > 0 && `; skipped ${pluralize(skipped, 'row')}`}.
          </span>
        </Alert>
        {phase.report.rows.length > 0 && <ImportReportTable rows={phase.report.rows} />}
        <div className="flex justify-end">
          <Button onClick={onClose}>Done</Button>
        </div>
      </div>
    )
  }

  const report = phase.kind === 'checked' ? phase.report : undefined
  const counts = report ? countRows(report.rows) : undefined
  const bad = counts ? counts.error + counts.duplicate : 0

  return (
    <div className="flex flex-col gap-4">
      {failure && (
        <Alert variant="destructive" role="alert">
          <CircleAlert aria-hidden="true" />
          <span>{failure}</span>
        </Alert>
      )}
      <div className="flex flex-col gap-2">
        <Label htmlFor={fileId}>CSV file</Label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => void onFile(e.target.files?.[0])}
          className="text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-background file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-muted"
        />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={textId}>…or paste the CSV</Label>
        <Textarea
          id={textId}
          rows={6}
          value={csv}
          onChange={(e) => {
            setCsv(e.target.value)
            setFileName(undefined)
            setPhase({ kind: 'input' })
          }}
          placeholder={EXAMPLE}
          className="font-mono text-xs"
          aria-describedby={`${textId}-hint`}
        />
        <p id={`${textId}-hint`} className="text-xs text-muted-foreground">
          A header row, then one number per line. Columns: <code>number</code> (or <code>phone_number</code>),{' '}
          <code>friendly_name</code>, <code>type</code>, <code>country</code>.
          {fileName && ` Loaded from ${fileName}.`}
        </p>
      </div>

      {report && counts && (
        <section aria-label="Check result" className="flex flex-col gap-3">
          <p className="text-sm" aria-live="polite">
            {pluralize(report.rows.length, 'row')} checked: <strong>{formatCount(counts.ok)} valid</strong>
            {counts.error > 0 && (
              <>
                , <strong className="text-destructive">{pluralize(counts.error, 'row')} with errors</strong>
              </>
            )}
            {counts.duplicate > 0 && (
              <>
                , <strong className="text-amber-700 dark:text-amber-400">{pluralize(counts.duplicate, 'duplicate')}</strong>
              </>
            )}
            .
          </p>
          {bad > 0 && (
            <Alert variant={counts.ok === 0 ? 'destructive' : 'warning'} role="status">
              <CircleAlert aria-hidden="true" />
              <span>
                {counts.ok === 0
                  ? 'No row can be imported. Fix the file (or the pasted text) and check it again.'
                  : `The ${pluralize(bad, 'bad row')} will be skipped: only the ${pluralize(counts.ok, 'valid row')} can be imported. To import every row, fix the file and check it again.`}
              </span>
            </Alert>
          )}
          <ImportReportTable rows={report.rows} />
        </section>
      )}

      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="outline" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        {!report || !counts ? (
          <Button onClick={() => void run('check')} disabled={pending || csv.trim() === ''}>
            {pending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <FileUp aria-hidden="true" />}
            Check file
          </Button>
        ) : counts.ok === 0 ? (
          <Button disabled>Nothing to import</Button>
        ) : (
          <Button onClick={() => void run(bad > 0 ? 'valid' : 'all')} disabled={pending}>
            {pending && <LoaderCircle className="animate-spin" aria-hidden="true" />}
            {bad > 0 ? `Import ${pluralize(counts.ok, 'valid row')}, skip ${formatCount(bad)}` : `Import ${pluralize(counts.ok, 'number')}`}
          </Button>
        )}
      </div>
    </div>
  )
}
