import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { toast } from 'sonner'
import { useCampaignOptions } from '@/api/campaigns'
import { useSaveUrlParameter, type UrlParameter, type UrlParameterInput } from '@/api/urlParameters'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { FormSwitch } from '@/components/shared/FormSwitch'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { optionsOf } from '@/lib/labels'
import { applyServerErrors } from '@/lib/serverErrors'
import {
  PARAMETER_TYPE_LABELS,
  TRACKING_SCOPE_LABELS,
  urlParameterFieldMap,
  urlParameterFormSchema,
  urlParameterFormValues,
  urlParameterInput,
  type UrlParameterFormValues,
} from './urlParameterForm'

/** The fields of a tracked URL parameter, in a `layout="sections"` dialog (scrolling body, fixed footer). */
function UrlParameterForm({
  parameter,
  onCancel,
  onSave,
}: {
  parameter?: UrlParameter
  onCancel: () => void
  onSave: (input: UrlParameterInput) => Promise<void>
}) {
  const form = useForm<UrlParameterFormValues>({ resolver: zodResolver(urlParameterFormSchema), defaultValues: urlParameterFormValues(parameter) })
  const {
    register,
    control,
    watch,
    formState: { errors, isSubmitting },
  } = form
  const campaigns = useCampaignOptions()
  const [failure, setFailure] = useState<string>()
  const scope = watch('trackingScope')
  const type = watch('parameterType')

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      await onSave(urlParameterInput(values))
    } catch (error) {
      const outcome = applyServerErrors(form, error, urlParameterFieldMap)
      if (!outcome.field) setFailure(outcome.message)
    }
  })

  return (
    <form noValidate onSubmit={submit} className="flex min-h-0 flex-1 flex-col">
      <DialogBody className="grid gap-4 sm:grid-cols-2">
        {failure && (
          <Alert variant="destructive" role="alert" className="sm:col-span-2">
            <CircleAlert aria-hidden="true" />
            <span>{failure}</span>
          </Alert>
        )}
        <FormField label="Parameter name" required error={errors.parameterName?.message} hint="As it appears in the URL, e.g. affiliate in ?affiliate=a1.">
          {(p) => <Input {...p} autoComplete="off" spellCheck={false} placeholder="affiliate" {...register('parameterName')} />}
        </FormField>
        <FormField label="Display name" error={errors.displayName?.message} hint="Shown on calls; the parameter name when empty.">
          {(p) => <Input {...p} autoComplete="off" placeholder="Affiliate" {...register('displayName')} />}
        </FormField>
        <FormSelect
          control={control}
          name="parameterType"
          label="Type"
          options={optionsOf(PARAMETER_TYPE_LABELS)}
          hint="A value of another type is not kept."
        />
        <FormField
          label="Default value"
          error={errors.defaultValue?.message}
          hint="Kept when a call's source lacks the parameter."
        >
          {(p) => (
            <Input
              {...p}
              autoComplete="off"
              inputMode={type === 'number' ? 'decimal' : undefined}
              placeholder={type === 'number' ? '0' : type === 'boolean' ? 'false' : 'None'}
              {...register('defaultValue')}
            />
          )}
        </FormField>
        <FormSelect control={control} name="trackingScope" label="Tracked for" options={optionsOf(TRACKING_SCOPE_LABELS)} />
        {scope === 'campaign' ? (
          <FormSelect
            control={control}
            name="campaignId"
            label="Campaign"
            required
            placeholder={campaigns.isPending ? 'Loading campaigns…' : 'Choose a campaign'}
            options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        ) : (
          <div className="hidden sm:block" />
        )}
        <div className="sm:col-span-2">
          <FormSwitch control={control} name="active" label="Active" description="An inactive parameter is not captured on new calls; calls keep the values they got." />
        </div>
      </DialogBody>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          {parameter ? 'Save changes' : 'Add parameter'}
        </Button>
      </DialogFooter>
    </form>
  )
}

/** Add (no `parameter`) or edit a tracked URL parameter. */
export function UrlParameterFormDialog({
  open,
  parameter,
  onOpenChange,
}: {
  open: boolean
  parameter?: UrlParameter
  onOpenChange: (open: boolean) => void
}) {
  const save = useSaveUrlParameter()
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent layout="sections" className="max-h-[92dvh] max-w-2xl">
        <DialogHeader>
          <DialogTitle>{parameter ? 'Edit URL parameter' : 'Add URL parameter'}</DialogTitle>
          <DialogDescription>A query parameter whose value is kept with each call, from the caller's web visit or the voice webhook URL.</DialogDescription>
        </DialogHeader>
        {open && (
          <UrlParameterForm
            key={parameter?.id ?? 'new'}
            parameter={parameter}
            onCancel={() => onOpenChange(false)}
            onSave={async (input) => {
              await save.mutateAsync({ id: parameter?.id, input })
              toast.success(parameter ? 'URL parameter saved' : `URL parameter “${input.parameterName}” added`)
              onOpenChange(false)
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  )
}
