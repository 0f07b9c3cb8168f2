import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle, Send } from 'lucide-react'
import { useState } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { toast } from 'sonner'
import { useEmailStatus, useSaveReport, useSendReport, type Report } from '@/api/reports'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Textarea } from '@/components/ui/textarea'
import { formatDateTime, pluralize } from '@/lib/format'
import { applyServerErrors, serverErrorMessage } from '@/lib/serverErrors'
import { frequencyLabels, hourLabel, weekdayLabels } from './reportFormat'
import { MAX_RECIPIENTS, scheduleFieldFor, scheduleFormSchema, scheduleToValues, valuesToSchedule, type ScheduleFormValues } from './scheduleForm'

const FREQUENCIES = (['none', 'daily', 'weekly'] as const).map((value) => ({ value, label: frequencyLabels[value] }))
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: weekdayLabels[d] ?? String(d) }))
const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: hourLabel(h) }))

/** When a saved report is e-mailed and to whom; Send now e-mails it at once to the saved recipients. */
export function ScheduleForm({ report, timeZone }: { report: Report; timeZone?: string }) {
  const save = useSaveReport()
  const send = useSendReport()
  const email = useEmailStatus()
  const mailOff = email.data?.configured === false
  const form = useForm<ScheduleFormValues>({
    resolver: zodResolver(scheduleFormSchema),
    defaultValues: scheduleToValues(report.schedule),
    mode: 'onTouched',
  })
  const {
    control,
    register,
    formState: { errors, isSubmitting, isDirty },
  } = form
  const frequency = useWatch({ control, name: 'frequency' })
  const [failure, setFailure] = useState<string>()

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    const schedule = valuesToSchedule(values)
    try {
      const saved = await save.mutateAsync({ id: report.id, input: { name: report.name, spec: report.spec, schedule } })
      form.reset(scheduleToValues(saved.schedule ?? schedule))
      toast.success(schedule.frequency === 'none' ? 'Schedule turned off' : 'Schedule saved')
    } catch (error) {
      const outcome = applyServerErrors(form, error, scheduleFieldFor)
      if (!outcome.field) setFailure(outcome.message)
    }
  })

  const sendNow = async () => {
    setFailure(undefined)
    try {
      const delivery = await send.mutateAsync(report.id)
      // Queued, not sent: whether it went out (or why not) shows in the delivery history.
      toast.success(`“${report.name}” queued for ${pluralize(delivery.recipients.length, 'recipient')}`, {
        description: 'The delivery history below shows when it is sent, or why it could not be.',
      })
    } catch (error) {
      setFailure(serverErrorMessage(error))
    }
  }

  return (
    <form noValidate aria-label="Schedule" onSubmit={submit} className="flex flex-col gap-4">
      {failure && (
        <Alert variant="destructive" role="alert">
          <CircleAlert aria-hidden="true" />
          <span>{failure}</span>
        </Alert>
      )}
      {email.data && (
        <p className="text-sm text-muted-foreground" aria-label="E-mail status">
          {email.data.configured
            ? `E-mails are sent from ${email.data.from ?? 'the configured address'}.`
            : 'E-mail is not configured on this server (CALLCENTER_SMTP_URL and CALLCENTER_SMTP_FROM), so reports cannot be sent. The schedule is kept and deliveries are recorded as failed until it is.'}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-3">
        <FormSelect control={control} name="frequency" label="Frequency" options={FREQUENCIES} />
        {frequency === 'weekly' && <FormSelect control={control} name="weekday" label="Weekday" options={WEEKDAYS} />}
        {frequency !== 'none' && <FormSelect control={control} name="hour" label="Hour" options={HOURS} hint="Your time zone." />}
      </div>
      <FormField
        label="Recipients"
        required={frequency !== 'none'}
        error={errors.recipients?.message}
        hint={`E-mail addresses, separated by commas or lines (at most ${MAX_RECIPIENTS}).`}
      >
        {(p) => <Textarea {...p} rows={3} placeholder={'ops@example.com\nfinance@example.com'} {...register('recipients')} />}
      </FormField>
      {report.nextRunAt && !isDirty && (
        <p className="text-sm text-muted-foreground">Next delivery: {formatDateTime(report.nextRunAt, timeZone)}</p>
      )}
      <div className="flex flex-wrap items-center justify-end gap-2">
        <Button
          type="button"
          variant="outline"
          onClick={() => void sendNow()}
          disabled={send.isPending || isDirty || isSubmitting || mailOff}
          title={
            mailOff
              ? 'E-mail is not configured on this server'
              : isDirty
                ? 'Save the schedule first: Send now uses the saved recipients'
                : undefined
          }
        >
          {send.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Send aria-hidden="true" />}
          Send now
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          Save schedule
        </Button>
      </div>
    </form>
  )
}
