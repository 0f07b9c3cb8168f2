import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle, Plus, Trash2 } from 'lucide-react'
import { useRef, useState } from 'react'
import { useController, useFieldArray, useForm, type Control } from 'react-hook-form'
import { useEventTypes, type WebhookEndpoint, type WebhookEndpointInput } from '@/api/integrations'
import { usePixelOptions } from '@/api/pixels'
import { DialogBody, DialogFooter } from '@/components/ui/dialog'
import { FormField } from '@/components/shared/FormField'
import { FormSwitch } from '@/components/shared/FormSwitch'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { Input } from '@/components/ui/input'
import { Skeleton } from '@/components/ui/skeleton'
import { Textarea } from '@/components/ui/textarea'
import { applyServerErrors } from '@/lib/serverErrors'
import { CampaignChecklist, ScopeChoice, TokenPicker, toggle } from './formParts'
import { groupEventTypes, webhookFieldMap, webhookFormSchema, webhookFormValues, webhookInput, type WebhookFormValues } from './webhookForm'

function EventPicker({ control }: { control: Control<WebhookFormValues> }) {
  const eventTypes = useEventTypes()
  const { field } = useController({ control, name: 'eventTypes' })
  if (eventTypes.isPending) return <Skeleton className="h-32 w-full" />
  if (eventTypes.isError) {
    return <QueryErrorAlert title="The event types could not be loaded." error={eventTypes.error} onRetry={() => void eventTypes.refetch()} />
  }
  return (
    <div className="grid gap-3 rounded-lg border border-border p-3 md:grid-cols-2">
      {groupEventTypes(eventTypes.data).map((group) => {
        const names = group.types.map((t) => t.name)
        const picked = names.filter((n) => field.value.includes(n)).length
        const groupState = picked === 0 ? false : picked === names.length ? true : 'indeterminate'
        return (
          <fieldset key={group.key} className="flex min-w-0 flex-col gap-2">
            <legend className="sr-only">{group.label}</legend>
            <label className="flex cursor-pointer items-center gap-2 text-sm font-semibold">
              <Checkbox
                checked={groupState}
                aria-label={`Every ${group.label.toLowerCase()} event`}
                onCheckedChange={(on) => field.onChange(names.reduce((list, n) => toggle(list, n, on === true), field.value))}
              />
              {group.label}
            </label>
            <ul className="flex flex-col gap-1.5 pl-6">
              {group.types.map((t) => (
                <li key={t.name}>
                  <label className="flex cursor-pointer items-start gap-2 text-sm">
                    <Checkbox
                      className="mt-0.5"
                      checked={field.value.includes(t.name)}
                      aria-label={t.name}
                      onCheckedChange={(on) => field.onChange(toggle(field.value, t.name, on === true))}
                    />
                    <span className="flex min-w-0 flex-col">
                      <code className="text-xs break-all">{t.name}</code>
                      <span className="text-xs text-muted-foreground">{t.description}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )
      })}
    </div>
  )
}

function CampaignPicker({ control }: { control: Control<WebhookFormValues> }) {
  const { field } = useController({ control, name: 'campaignIds' })
  return <CampaignChecklist value={field.value} onChange={field.onChange} />
}

function HeadersEditor({ form }: { form: ReturnType<typeof useForm<WebhookFormValues>> }) {
  const { control, register, formState } = form
  const { fields, append, remove } = useFieldArray({ control, name: 'headers' })
  const error = formState.errors.headers?.message ?? formState.errors.headers?.root?.message
  return (
    <fieldset className="flex min-w-0 flex-col gap-2">
      <legend className="mb-2 text-sm font-medium">Custom headers</legend>
      <p className="-mt-1 text-xs text-muted-foreground">
        Added to every request, e.g. an API key your receiver checks. Secret values are shown masked; leave them as they are to keep them.
      </p>
      {fields.length === 0 && <p className="text-xs text-muted-foreground">No custom headers.</p>}
      {fields.map((f, index) => {
        const nameError = formState.errors.headers?.[index]?.name?.message
        return (
          <div key={f.id} className="flex flex-col gap-1">
            <div className="flex gap-2">
              <Input aria-label={`Header ${index + 1} name`} placeholder="X-Api-Key" aria-invalid={nameError ? true : undefined} {...register(`headers.${index}.name`)} />
              <Input aria-label={`Header ${index + 1} value`} placeholder="value" {...register(`headers.${index}.value`)} />
              <Button type="button" variant="ghost" size="icon" aria-label={`Remove header ${index + 1}`} onClick={() => remove(index)}>
                <Trash2 aria-hidden="true" />
              </Button>
            </div>
            {nameError && <p className="text-xs text-destructive">{nameError}</p>}
          </div>
        )
      })}
      {error && <p className="text-xs text-destructive">{error}</p>}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => append({ name: '', value: '' })} disabled={fields.length >= 20}>
          <Plus aria-hidden="true" />
          Add header
        </Button>
      </div>
    </fieldset>
  )
}

/** The optional body of the endpoint's own, with the token menu. */
function BodyTemplateField({ form }: { form: ReturnType<typeof useForm<WebhookFormValues>> }) {
  const options = usePixelOptions()
  const ref = useRef<HTMLTextAreaElement | null>(null)
  const body = form.register('bodyTemplate')
  const error = form.formState.errors.bodyTemplate?.message
  return (
    <FormField
      label="Custom body"
      error={error}
      hint="JSON with [tokens] inside strings; leave empty for the standard body."
    >
      {(p) => (
        <div className="flex min-w-0 flex-col gap-2">
          <Textarea
            {...p}
            {...body}
            ref={(el) => {
              body.ref(el)
              ref.current = el
            }}
            rows={4}
            spellCheck={false}
            className="font-mono text-xs"
            placeholder={'{"type": "[event]", "caller": "[caller_id]", "revenue": "[revenue]"}'}
          />
          {options.data && (
            <div>
              <TokenPicker
                label="Insert a token in the body"
                tokens={options.data.tokens}
                target={ref}
                onInsert={(text) => form.setValue('bodyTemplate', text, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })}
              />
            </div>
          )}
        </div>
      )}
    </FormField>
  )
}

/** The fields of a webhook endpoint, in a `layout="sections"` dialog (scrolling body, fixed footer). */
export function WebhookForm({
  endpoint,
  onCancel,
  onSave,
}: {
  endpoint?: WebhookEndpoint
  onCancel: () => void
  onSave: (input: WebhookEndpointInput) => Promise<void>
}) {
  const form = useForm<WebhookFormValues>({ resolver: zodResolver(webhookFormSchema), defaultValues: webhookFormValues(endpoint) })
  const {
    register,
    control,
    watch,
    setValue,
    formState: { errors, isSubmitting },
  } = form
  const [failure, setFailure] = useState<string>()
  const allEvents = watch('allEvents')
  const allCampaigns = watch('allCampaigns')

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      await onSave(webhookInput(values))
    } catch (error) {
      const outcome = applyServerErrors(form, error, webhookFieldMap)
      if (!outcome.field) setFailure(outcome.message)
    }
  })

  return (
    <form noValidate onSubmit={submit} className="flex min-h-0 flex-1 flex-col">
      <DialogBody className="flex flex-col gap-5">
        {failure && (
          <Alert variant="destructive" role="alert">
            <CircleAlert aria-hidden="true" />
            <span>{failure}</span>
          </Alert>
        )}
        <FormField label="Endpoint URL" required error={errors.url?.message} hint="Where each event is POSTed as JSON, signed with the endpoint's secret.">
          {(p) => <Input {...p} type="url" inputMode="url" autoComplete="off" placeholder="https://crm.example.com/hooks/calls" {...register('url')} />}
        </FormField>
        <FormField label="Description" error={errors.description?.message}>
          {(p) => <Textarea {...p} rows={2} placeholder="What receives these events" {...register('description')} />}
        </FormField>
        <ScopeChoice
          legend="Events"
          all={allEvents}
          onChange={(all) => setValue('allEvents', all, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })}
          allLabel="All events"
          someLabel="Only the events I pick"
          hint="New event types are sent too when all events are chosen."
          error={errors.eventTypes?.message}
        >
          <EventPicker control={control} />
        </ScopeChoice>
        <ScopeChoice
          legend="Campaigns"
          all={allCampaigns}
          onChange={(all) => setValue('allCampaigns', all, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })}
          allLabel="All campaigns"
          someLabel="Only the campaigns I pick"
          hint="With campaigns picked, only events of those campaigns are sent (calls, auctions, campaign changes); events of no campaign, such as buyer changes, are left out."
          error={errors.campaignIds?.message}
        >
          <CampaignPicker control={control} />
        </ScopeChoice>
        <HeadersEditor form={form} />
        <BodyTemplateField form={form} />
        <FormSwitch control={control} name="enabled" label="Enabled" description="A disabled endpoint is sent nothing; its events are not kept for later." />
      </DialogBody>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          {endpoint ? 'Save changes' : 'Add endpoint'}
        </Button>
      </DialogFooter>
    </form>
  )
}
