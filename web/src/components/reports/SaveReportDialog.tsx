import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { z } from 'zod'
import { NO_SCHEDULE, useSaveReport, type Report, type ReportSpec } from '@/api/reports'
import { FormField } from '@/components/shared/FormField'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { applyServerErrors } from '@/lib/serverErrors'

const schema = z.object({ name: z.string().trim().min(1, 'Enter a name').max(100, 'At most 100 characters') })
type Values = z.infer<typeof schema>

interface SaveReportDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  spec: ReportSpec
  /** The saved report being edited: its changes can be saved to it, or as a new report. */
  current?: Report
  onSaved: (report: Report) => void
}

/** Names and saves the builder's report (a new one keeps no schedule; an edited one keeps its own). */
export function SaveReportDialog({ open, onOpenChange, spec, current, onSaved }: SaveReportDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>{current ? `Save “${current.name}”` : 'Save report'}</DialogTitle>
          <DialogDescription>Saved reports can be opened again, exported and e-mailed on a schedule.</DialogDescription>
        </DialogHeader>
        {open && <SaveReportForm spec={spec} current={current} onSaved={onSaved} onCancel={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  )
}

function SaveReportForm({ spec, current, onSaved, onCancel }: Omit<SaveReportDialogProps, 'open' | 'onOpenChange'> & { onCancel: () => void }) {
  const save = useSaveReport()
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { name: current?.name ?? '' } })
  const [failure, setFailure] = useState<string>()
  const {
    register,
    formState: { errors, isSubmitting },
  } = form

  const submit = (asNew: boolean) =>
    form.handleSubmit(async ({ name }) => {
      setFailure(undefined)
      const schedule = !asNew && current ? current.schedule : NO_SCHEDULE
      try {
        const saved = await save.mutateAsync({ id: asNew ? undefined : current?.id, input: { name: name.trim(), spec, schedule } })
        onSaved(saved)
      } catch (error) {
        const outcome = applyServerErrors(form, error, { name: 'name' })
        if (!outcome.field) setFailure(outcome.message)
      }
    })

  return (
    <form noValidate aria-label="Save report" onSubmit={submit(!current)} className="flex flex-col gap-4">
      {failure && (
        <Alert variant="destructive" role="alert">
          <CircleAlert aria-hidden="true" />
          <span>{failure}</span>
        </Alert>
      )}
      <FormField label="Report name" required error={errors.name?.message}>
        {(p) => <Input {...p} autoComplete="off" autoFocus placeholder="Weekly campaign revenue" {...register('name')} />}
      </FormField>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button type="button" variant="outline" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </Button>
        {current && (
          <Button type="button" variant="outline" onClick={() => void submit(true)()} disabled={isSubmitting}>
            Save as new report
          </Button>
        )}
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          {current ? 'Save changes' : 'Save report'}
        </Button>
      </div>
    </form>
  )
}
