import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle, Plus, Trash2 } from 'lucide-react'
import { useRef, useState } from 'react'
import { useController, useFieldArray, useForm, type UseFormReturn } from 'react-hook-form'
import { useCampaignOptions } from '@/api/campaigns'
import { PIXEL_METHODS, usePixelOptions, type Pixel, type PixelInput } from '@/api/pixels'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { FormSwitch } from '@/components/shared/FormSwitch'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { DialogBody, DialogFooter } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Skeleton } from '@/components/ui/skeleton'
import { Textarea } from '@/components/ui/textarea'
import { applyServerErrors } from '@/lib/serverErrors'
import { TokenPicker, toggle } from './formParts'
import {
  bareToken,
  FIRE_ON_LABELS,
  OPERATOR_LABELS,
  pixelFieldMap,
  pixelFormSchema,
  pixelFormValues,
  pixelInput,
  type PixelFormValues,
} from './pixelForm'

type PixelForm = UseFormReturn<PixelFormValues>

/** The campaign select's value for "every campaign" (a select item cannot be ''). */
const ALL = '__all'

function FireOnPicker({ form, fireOn }: { form: PixelForm; fireOn: readonly string[] }) {
  const { field, fieldState } = useController({ control: form.control, name: 'fireOn' })
  return (
    <fieldset className="flex min-w-0 flex-col gap-2">
      <legend className="mb-2 text-sm font-medium">
        Fire on
        <span className="ml-0.5 text-destructive" aria-hidden="true">
          *
        </span>
      </legend>
      <p className="-mt-1 text-xs text-muted-foreground">The pixel fires each time one of these happens to a call (its conditions permitting).</p>
      <ul className="grid gap-2 rounded-lg border border-border p-3 sm:grid-cols-2">
        {fireOn.map((name) => (
          <li key={name}>
            <label className="flex cursor-pointer items-start gap-2 text-sm">
              <Checkbox
                className="mt-0.5"
                checked={field.value.includes(name)}
                aria-label={FIRE_ON_LABELS[name]?.label ?? name}
                onCheckedChange={(on) => field.onChange(toggle(field.value, name, on === true))}
              />
              <span className="flex min-w-0 flex-col">
                <span className="font-medium">{FIRE_ON_LABELS[name]?.label ?? name}</span>
                <span className="text-xs text-muted-foreground">
                  <code>{name}</code>: {FIRE_ON_LABELS[name]?.description ?? name}
                </span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {fieldState.error && (
        <p className="text-xs text-destructive" data-slot="field-error" role="alert">
          {fieldState.error.message}
        </p>
      )}
    </fieldset>
  )
}

function HeadersEditor({ form }: { form: PixelForm }) {
  const { control, register, formState } = form
  const { fields, append, remove } = useFieldArray({ control, name: 'headers' })
  const error = formState.errors.headers?.message ?? formState.errors.headers?.root?.message
  return (
    <fieldset className="flex min-w-0 flex-col gap-2">
      <legend className="mb-2 text-sm font-medium">Headers</legend>
      <p className="-mt-1 text-xs text-muted-foreground">Sent as they are (no tokens). Secret values are shown masked; leave them as they are to keep them.</p>
      {fields.length === 0 && <p className="text-xs text-muted-foreground">No headers.</p>}
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

function ConditionRow({ form, index, tokens, operators, onRemove }: { form: PixelForm; index: number; tokens: readonly string[]; operators: readonly string[]; onRemove: () => void }) {
  const token = useController({ control: form.control, name: `conditions.${index}.token` })
  const operator = useController({ control: form.control, name: `conditions.${index}.operator` })
  const errors = form.formState.errors.conditions?.[index]
  const exists = operator.field.value === 'exists'
  return (
    <li className="flex flex-col gap-1" aria-label={`Condition ${index + 1}`}>
      <div className="grid grid-cols-[minmax(0,1fr)_auto] gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_auto]">
        <OptionSelect
          aria-label={`Condition ${index + 1} token`}
          aria-invalid={errors?.token ? true : undefined}
          value={token.field.value}
          onValueChange={token.field.onChange}
          options={tokens.map((t) => ({ value: t, label: t }))}
          placeholder="Token"
          className="col-span-1"
        />
        <Button type="button" variant="ghost" size="icon" aria-label={`Remove condition ${index + 1}`} onClick={onRemove} className="sm:order-last">
          <Trash2 aria-hidden="true" />
        </Button>
        <OptionSelect
          aria-label={`Condition ${index + 1} operator`}
          value={operator.field.value}
          onValueChange={operator.field.onChange}
          options={operators.map((o) => ({ value: o, label: OPERATOR_LABELS[o] ?? o }))}
          className="col-span-2 sm:col-span-1"
        />
        <Input
          aria-label={`Condition ${index + 1} value`}
          placeholder={exists ? 'No value needed' : 'Value'}
          disabled={exists}
          aria-invalid={errors?.value ? true : undefined}
          className="col-span-2 sm:col-span-1"
          {...form.register(`conditions.${index}.value`)}
        />
      </div>
      {(errors?.token || errors?.value) && <p className="text-xs text-destructive">{errors.token?.message ?? errors.value?.message}</p>}
    </li>
  )
}

function ConditionsEditor({ form, tokens, operators }: { form: PixelForm; tokens: readonly string[]; operators: readonly string[] }) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'conditions' })
  const error = form.formState.errors.conditions?.message ?? form.formState.errors.conditions?.root?.message
  return (
    <fieldset className="flex min-w-0 flex-col gap-2">
      <legend className="mb-2 text-sm font-medium">Conditions</legend>
      <p className="-mt-1 text-xs text-muted-foreground">All must hold for the pixel to fire, e.g. revenue is greater than 0. Greater and less than compare numbers; the others ignore case.</p>
      {fields.length === 0 && <p className="text-xs text-muted-foreground">No conditions: it fires on every chosen event.</p>}
      <ol className="flex flex-col gap-3">
        {fields.map((f, index) => (
          <ConditionRow key={f.id} form={form} index={index} tokens={tokens} operators={operators} onRemove={() => remove(index)} />
        ))}
      </ol>
      {error && <p className="text-xs text-destructive">{error}</p>}
      <div>
        <Button
          type="button"
          variant="outline"
          size="sm"
          onClick={() => append({ token: 'revenue', operator: 'greater_than', value: '' })}
          disabled={fields.length >= 10}
        >
          <Plus aria-hidden="true" />
          Add condition
        </Button>
      </div>
    </fieldset>
  )
}

/** The fields of a pixel, in a `layout="sections"` dialog (scrolling body, fixed footer). */
export function PixelForm({ pixel, onCancel, onSave }: { pixel?: Pixel; onCancel: () => void; onSave: (input: PixelInput) => Promise<void> }) {
  const options = usePixelOptions()
  const campaigns = useCampaignOptions()
  const form = useForm<PixelFormValues>({ resolver: zodResolver(pixelFormSchema), defaultValues: pixelFormValues(pixel) })
  const {
    register,
    control,
    watch,
    setValue,
    formState: { errors, isSubmitting },
  } = form
  const [failure, setFailure] = useState<string>()
  const urlRef = useRef<HTMLInputElement | null>(null)
  const bodyRef = useRef<HTMLTextAreaElement | null>(null)
  const campaign = useController({ control, name: 'campaignId' })
  const method = watch('method')
  const url = register('url')
  const body = register('body')
  const setText = (name: 'url' | 'body', text: string) => setValue(name, text, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      await onSave(pixelInput(values))
    } catch (error) {
      const outcome = applyServerErrors(form, error, pixelFieldMap)
      if (!outcome.field) setFailure(outcome.message)
    }
  })

  if (options.isPending) {
    return (
      <DialogBody role="status" aria-label="Loading the pixel options" className="flex flex-col gap-4">
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-32 w-full" />
        <Skeleton className="h-10 w-full" />
      </DialogBody>
    )
  }
  if (options.isError) {
    return (
      <DialogBody>
        <QueryErrorAlert title="The pixel options could not be loaded." error={options.error} onRetry={() => void options.refetch()} />
      </DialogBody>
    )
  }
  const tokens = options.data.tokens
  const campaignOptions = [
    { value: ALL, label: 'All campaigns' },
    ...(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name })),
  ]

  return (
    <form noValidate onSubmit={submit} className="flex min-h-0 flex-1 flex-col">
      <DialogBody className="flex flex-col gap-5">
        {failure && (
          <Alert variant="destructive" role="alert">
            <CircleAlert aria-hidden="true" />
            <span>{failure}</span>
          </Alert>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Name" required error={errors.name?.message}>
            {(p) => <Input {...p} autoComplete="off" placeholder="Google Ads conversion" {...register('name')} />}
          </FormField>
          <FormField label="Campaign" error={errors.campaignId?.message} hint="Only this campaign's calls fire it.">
            {(p) => (
              <OptionSelect
                {...p}
                value={campaign.field.value || ALL}
                onValueChange={(v) => campaign.field.onChange(v === ALL ? '' : v)}
                options={campaignOptions}
              />
            )}
          </FormField>
        </div>
        <FireOnPicker form={form} fireOn={options.data.fireOn} />
        <div className="grid gap-4 sm:grid-cols-[9rem_minmax(0,1fr)]">
          <FormSelect control={control} name="method" label="Method" options={PIXEL_METHODS.map((m) => ({ value: m, label: m }))} />
          <FormField
            label="URL"
            required
            error={errors.url?.message}
            hint="Tokens in the path and query are filled in and percent-encoded when the pixel fires; not in the host."
          >
            {(p) => (
              <div className="flex min-w-0 flex-col gap-2 sm:flex-row">
                <Input
                  {...p}
                  {...url}
                  ref={(el) => {
                    url.ref(el)
                    urlRef.current = el
                  }}
                  className="font-mono text-xs"
                  inputMode="url"
                  autoComplete="off"
                  placeholder="https://tracker.example/postback?clickid=[gclid]&payout=[revenue]"
                />
                <div>
                  <TokenPicker label="Insert a token in the URL" tokens={tokens} target={urlRef} onInsert={(text) => setText('url', text)} />
                </div>
              </div>
            )}
          </FormField>
        </div>
        {method !== 'GET' && (
          <FormField label="Body" error={errors.body?.message} hint="Sent as it is with the tokens filled in (not encoded). At most 10,000 characters.">
            {(p) => (
              <div className="flex min-w-0 flex-col gap-2">
                <Textarea
                  {...p}
                  {...body}
                  ref={(el) => {
                    body.ref(el)
                    bodyRef.current = el
                  }}
                  rows={4}
                  className="font-mono text-xs"
                  placeholder={'{"click_id": "[gclid]", "value": "[revenue]"}'}
                />
                <div>
                  <TokenPicker label="Insert a token in the body" tokens={tokens} target={bodyRef} onInsert={(text) => setText('body', text)} />
                </div>
              </div>
            )}
          </FormField>
        )}
        <HeadersEditor form={form} />
        <fieldset className="flex min-w-0 flex-col gap-2">
          <legend className="mb-2 text-sm font-medium">Basic authentication</legend>
          <p className="-mt-1 text-xs text-muted-foreground">Optional. Leave the user name empty for none.</p>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="User name" error={errors.basicAuthUsername?.message}>
              {(p) => <Input {...p} autoComplete="off" {...register('basicAuthUsername')} />}
            </FormField>
            <FormField label="Password" error={errors.basicAuthPassword?.message} hint={pixel?.basicAuthUsername ? 'Leave empty to keep the stored password.' : undefined}>
              {(p) => (
                <Input
                  {...p}
                  type="password"
                  autoComplete="new-password"
                  placeholder={pixel?.basicAuthUsername ? 'unchanged' : undefined}
                  {...register('basicAuthPassword')}
                />
              )}
            </FormField>
          </div>
        </fieldset>
        <ConditionsEditor form={form} tokens={tokens.map((t) => bareToken(t.name))} operators={options.data.operators} />
        <FormField label="Max fires per call" error={errors.maxFiresPerCall?.message} hint="1 to 100; empty for no limit." className="sm:max-w-60">
          {(p) => <Input {...p} inputMode="numeric" placeholder="No limit" {...register('maxFiresPerCall')} />}
        </FormField>
        <FormSwitch control={control} name="enabled" label="Enabled" description="A disabled pixel never fires." />
      </DialogBody>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          {pixel ? 'Save changes' : 'Add pixel'}
        </Button>
      </DialogFooter>
    </form>
  )
}
