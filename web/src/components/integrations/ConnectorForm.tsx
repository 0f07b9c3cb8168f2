import { zodResolver } from '@hookform/resolvers/zod'
import { ArrowLeft, ChevronRight, CircleAlert, LoaderCircle, Plus, RotateCcw, Trash2 } from 'lucide-react'
import { useRef, useState } from 'react'
import { useController, useFieldArray, useForm, type FieldPath, type UseFormReturn } from 'react-hook-form'
import type { Connector, ConnectorField, ConnectorInput, ConnectorType } from '@/api/connectors'
import { useEventTypes } from '@/api/integrations'
import { usePixelOptions } from '@/api/pixels'
import { FormField } from '@/components/shared/FormField'
import { FormSwitch } from '@/components/shared/FormSwitch'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { DialogBody, DialogFooter } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { applyServerErrors } from '@/lib/serverErrors'
import { connectorFieldMap, connectorFormSchema, connectorFormValues, connectorInput, effectiveMapping, type ConnectorFormValues } from './connectorForm'
import { CampaignChecklist, ScopeChoice, TokenPicker, toggle } from './formParts'

type ConnectorFormApi = UseFormReturn<ConnectorFormValues>
type Token = { name: string; description: string }

/** A select item cannot be '': this one stands for "the vendor's default". */
const DEFAULT = '__default'

/** One setting or credential of the vendor, as its `fields` entry describes it. */
function VendorField({ form, field, connector }: { form: ConnectorFormApi; field: ConnectorField; connector?: Connector }) {
  const group = field.secret ? 'credentials' : 'settings'
  const name = `${group}.${field.key}` as FieldPath<ConnectorFormValues>
  const { field: control, fieldState } = useController({ control: form.control, name })
  const stored = field.secret ? connector?.credentials.find((c) => c.key === field.key && c.set) : undefined
  const value = typeof control.value === 'string' ? control.value : ''
  const label = (
    <>
      {field.label}
      {stored && <span className="ml-1.5 font-normal text-muted-foreground">Set{stored.hint ? ` (${stored.hint})` : ''}</span>}
    </>
  )
  return (
    <FormField label={label} required={field.required && !stored && !field.default} error={fieldState.error?.message} hint={field.help}>
      {(p) =>
        field.options.length > 0 ? (
          <OptionSelect
            {...p}
            ref={control.ref}
            value={value || (field.default ? DEFAULT : '')}
            onValueChange={(v) => control.onChange(v === DEFAULT ? '' : v)}
            onBlur={control.onBlur}
            options={[
              ...(field.default ? [{ value: DEFAULT, label: `Default (${field.default})` }] : []),
              ...field.options.map((o) => ({ value: o, label: o })),
            ]}
          />
        ) : (
          <Input
            {...p}
            ref={control.ref}
            name={control.name}
            value={value}
            onChange={control.onChange}
            onBlur={control.onBlur}
            type={field.secret ? 'password' : 'text'}
            autoComplete={field.secret ? 'new-password' : 'off'}
            spellCheck={false}
            placeholder={stored ? 'leave empty to keep' : (field.default ?? undefined)}
          />
        )
      }
    </FormField>
  )
}

function EventChoice({ form, type }: { form: ConnectorFormApi; type: ConnectorType }) {
  const { field, fieldState } = useController({ control: form.control, name: 'eventTypes' })
  const known = useEventTypes()
  const description = (name: string) => known.data?.find((t) => t.name === name)?.description
  return (
    <fieldset className="flex min-w-0 flex-col gap-2">
      <legend className="mb-2 text-sm font-medium">
        Events
        <span className="ml-0.5 text-destructive" aria-hidden="true">
          *
        </span>
      </legend>
      <p className="-mt-1 text-xs text-muted-foreground">The call events sent to {type.name}.</p>
      <ul className="grid gap-2 rounded-lg border border-border p-3 sm:grid-cols-2">
        {type.eventTypes.map((name) => (
          <li key={name}>
            <label className="flex cursor-pointer items-start gap-2 text-sm">
              <Checkbox
                className="mt-0.5"
                checked={field.value.includes(name)}
                aria-label={name}
                onCheckedChange={(on) => field.onChange(toggle(field.value, name, on === true))}
              />
              <span className="flex min-w-0 flex-col">
                <code className="text-xs break-all">{name}</code>
                {description(name) && <span className="text-xs text-muted-foreground">{description(name)}</span>}
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

function MappingRowInputs({ form, index, tokens, onRemove }: { form: ConnectorFormApi; index: number; tokens: readonly Token[]; onRemove: () => void }) {
  const ref = useRef<HTMLInputElement | null>(null)
  const template = form.register(`mapping.${index}.template`)
  const errors = form.formState.errors.mapping?.[index]
  const error = errors?.field?.message ?? errors?.template?.message
  return (
    <li className="flex flex-col gap-1" aria-label={`Mapping ${index + 1}`}>
      <div className="grid grid-cols-[minmax(0,1fr)_auto] gap-2 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto]">
        <Input
          aria-label={`Field ${index + 1}`}
          placeholder="field_name"
          spellCheck={false}
          className="font-mono text-xs"
          aria-invalid={errors?.field ? true : undefined}
          {...form.register(`mapping.${index}.field`)}
        />
        <div className="flex gap-1 sm:order-last">
          {tokens.length > 0 && (
            <TokenPicker
              compact
              label={`Insert a token in template ${index + 1}`}
              tokens={tokens}
              target={ref}
              onInsert={(text) => form.setValue(`mapping.${index}.template`, text, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })}
            />
          )}
          <Button type="button" variant="ghost" size="icon" aria-label={`Remove mapping ${index + 1}`} onClick={onRemove}>
            <Trash2 aria-hidden="true" />
          </Button>
        </div>
        <Input
          aria-label={`Template ${index + 1}`}
          placeholder="[caller_id]"
          spellCheck={false}
          className="col-span-2 font-mono text-xs sm:col-span-1"
          aria-invalid={errors?.template ? true : undefined}
          {...template}
          ref={(el) => {
            template.ref(el)
            ref.current = el
          }}
        />
      </div>
      {error && <p className="text-xs text-destructive">{error}</p>}
    </li>
  )
}

function MappingEditor({ form, type, tokens }: { form: ConnectorFormApi; type: ConnectorType; tokens: readonly Token[] }) {
  const { fields, append, remove, replace } = useFieldArray({ control: form.control, name: 'mapping' })
  const errors = form.formState.errors.mapping
  const error = errors?.root?.message ?? errors?.message
  const sample = tokens.slice(0, 4).map((t) => t.name)
  return (
    <fieldset className="flex min-w-0 flex-col gap-2">
      <legend className="mb-2 text-sm font-medium">Field mapping</legend>
      <p className="-mt-1 text-xs text-muted-foreground">
        {type.mappingTarget}: each field gets its template with the call's [tokens] filled in
        {sample.length > 0 ? `, e.g. ${sample.join(', ')}` : ''}. Remove a row to leave a field out.
      </p>
      {fields.length === 0 && <p className="text-xs text-muted-foreground">No fields mapped.</p>}
      <ol className="flex flex-col gap-3">
        {fields.map((f, index) => (
          <MappingRowInputs key={f.id} form={form} index={index} tokens={tokens} onRemove={() => remove(index)} />
        ))}
      </ol>
      {error && (
        <p className="text-xs text-destructive" role="alert">
          {error}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" size="sm" onClick={() => append({ field: '', template: '' })} disabled={fields.length >= 50}>
          <Plus aria-hidden="true" />
          Add field
        </Button>
        {type.defaultMapping.length > 0 && (
          <Button type="button" variant="ghost" size="sm" onClick={() => replace(effectiveMapping(type))}>
            <RotateCcw aria-hidden="true" />
            Reset to defaults
          </Button>
        )}
      </div>
    </fieldset>
  )
}

/** The fields of a connector of vendor `type`, in a `layout="sections"` dialog (scrolling body, fixed footer). */
export function ConnectorForm({
  type,
  connector,
  onBack,
  onCancel,
  onSave,
}: {
  type: ConnectorType
  connector?: Connector
  /** "Change vendor", while adding. */
  onBack?: () => void
  onCancel: () => void
  onSave: (input: ConnectorInput) => Promise<void>
}) {
  const options = usePixelOptions()
  const form = useForm<ConnectorFormValues>({
    resolver: zodResolver(connectorFormSchema(type, connector)),
    defaultValues: connectorFormValues(type, connector),
  })
  const {
    register,
    control,
    watch,
    setValue,
    formState: { errors, isSubmitting },
  } = form
  const [failure, setFailure] = useState<string>()
  const [advanced, setAdvanced] = useState(() => connectorFormValues(type, connector).baseUrl !== '')
  const allCampaigns = watch('allCampaigns')
  const credentials = type.fields.filter((f) => f.secret)
  const settings = type.fields.filter((f) => !f.secret)

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      await onSave(connectorInput(type, values))
    } catch (error) {
      const fieldMap = connectorFieldMap(() => form.getValues())
      if (isBaseUrlError(error)) setAdvanced(true)
      const outcome = applyServerErrors(form, error, (f) => fieldMap(f) as FieldPath<ConnectorFormValues> | undefined)
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
        <FormField label="Name" required error={errors.name?.message} hint="Yours, to tell connectors apart.">
          {(p) => <Input {...p} autoComplete="off" placeholder={type.name} {...register('name')} />}
        </FormField>
        <fieldset className="flex min-w-0 flex-col gap-2">
          <legend className="mb-2 text-sm font-medium">{type.name} account</legend>
          {connector && credentials.length > 0 && (
            <p className="-mt-1 text-xs text-muted-foreground">Secrets are never shown again; leave one empty to keep the stored value.</p>
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            {[...settings.filter((f) => f.required), ...credentials, ...settings.filter((f) => !f.required)].map((f) => (
              <VendorField key={f.key} form={form} field={f} connector={connector} />
            ))}
          </div>
        </fieldset>
        <EventChoice form={form} type={type} />
        <ScopeChoice
          legend="Campaigns"
          all={allCampaigns}
          onChange={(all) => setValue('allCampaigns', all, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })}
          allLabel="All campaigns"
          someLabel="Only the campaigns I pick"
          hint="With campaigns picked, only their calls are sent."
          error={errors.campaignIds?.message}
        >
          <CampaignPicker form={form} />
        </ScopeChoice>
        <MappingEditor form={form} type={type} tokens={options.data?.tokens ?? []} />
        <div className="flex flex-col gap-3">
          <button
            type="button"
            className="flex w-fit items-center gap-1 text-sm font-medium text-muted-foreground hover:text-foreground"
            aria-expanded={advanced}
            onClick={() => setAdvanced((open) => !open)}
          >
            <ChevronRight className={advanced ? 'size-4 rotate-90 transition-transform' : 'size-4 transition-transform'} aria-hidden="true" />
            Advanced
          </button>
          {advanced && (
            <FormField label="Base URL" error={errors.baseUrl?.message} hint={`The vendor API's address. Leave empty for ${type.defaultBaseUrl}.`}>
              {(p) => <Input {...p} type="url" inputMode="url" autoComplete="off" placeholder={type.defaultBaseUrl} {...register('baseUrl')} />}
            </FormField>
          )}
        </div>
        <FormSwitch control={control} name="enabled" label="Enabled" description="A disabled connector sends nothing." />
      </DialogBody>
      <DialogFooter className="flex-row flex-wrap justify-end">
        {onBack && (
          <Button type="button" variant="ghost" className="mr-auto px-2" onClick={onBack} aria-label="Change vendor">
            <ArrowLeft aria-hidden="true" />
            <span className="hidden sm:inline">Change vendor</span>
          </Button>
        )}
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          {connector ? 'Save changes' : 'Add connector'}
        </Button>
      </DialogFooter>
    </form>
  )
}

function CampaignPicker({ form }: { form: ConnectorFormApi }) {
  const { field } = useController({ control: form.control, name: 'campaignIds' })
  return <CampaignChecklist value={field.value} onChange={field.onChange} />
}

function isBaseUrlError(error: unknown): boolean {
  const details = (error as { details?: { field?: unknown } } | null)?.details
  return details?.field === 'baseUrl'
}
