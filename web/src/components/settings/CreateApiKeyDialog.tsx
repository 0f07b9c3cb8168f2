import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, LoaderCircle } from 'lucide-react'
import { useId, useState } from 'react'
import { useController, useForm, type Control } from 'react-hook-form'
import { toast } from 'sonner'
import { useApiKeyScopes, useCreateApiKey, type ApiKeyCreated, type ScopeFamily } from '@/api/apiKeys'
import { FormField } from '@/components/shared/FormField'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Skeleton } from '@/components/ui/skeleton'
import { Textarea } from '@/components/ui/textarea'
import { toLocalInput } from '@/components/integrations/ReplaySinceForm'
import { applyServerErrors } from '@/lib/serverErrors'
import { cn } from '@/lib/utils'
import { ApiKeyReveal } from './ApiKeyReveal'
import { SCOPE_LEVELS, apiKeyFieldMap, apiKeyFormSchema, apiKeyInput, emptyApiKeyForm, type ApiKeyFormValues, type ScopeLevel } from './apiKeyForm'

/** One row per scope family: its name and description, and None / Read / Write as radio buttons. */
function ScopePicker({ control, families, error }: { control: Control<ApiKeyFormValues>; families: readonly ScopeFamily[]; error?: string }) {
  const { field } = useController({ control, name: 'scopes' })
  const errorId = useId()
  return (
    <fieldset className="flex min-w-0 flex-col gap-2" aria-describedby={error ? errorId : undefined}>
      <legend className="mb-1 text-sm font-medium">
        Scopes
        <span className="ml-0.5 text-destructive" aria-hidden="true">
          *
        </span>
      </legend>
      <p className="-mt-1 text-xs text-muted-foreground">What the key may do. Write includes read.</p>
      <ul className={cn('divide-y divide-border rounded-lg border', error ? 'border-destructive' : 'border-border')}>
        {families.map((family) => {
          const level: ScopeLevel = field.value[family.family] ?? 'none'
          return (
            <li key={family.family}>
              <fieldset className="flex min-w-0 flex-col gap-2 px-3 py-2.5 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
                <legend className="sr-only">{family.family}</legend>
                <div className="flex min-w-0 flex-col" aria-hidden="true">
                  <code className="text-sm font-medium">{family.family}</code>
                  <span className="text-xs text-muted-foreground">{family.description}</span>
                </div>
                <div className="inline-flex w-fit shrink-0 rounded-md border border-border bg-muted p-0.5">
                  {SCOPE_LEVELS.map((option) => (
                    <label
                      key={option.value}
                      className={cn(
                        'cursor-pointer rounded px-2.5 py-1 text-xs font-medium transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring',
                        level === option.value ? 'bg-background text-foreground shadow-xs' : 'text-muted-foreground hover:text-foreground',
                      )}
                    >
                      <input
                        type="radio"
                        className="sr-only"
                        name={`scope-${family.family}`}
                        value={option.value}
                        checked={level === option.value}
                        onChange={() => field.onChange({ ...field.value, [family.family]: option.value })}
                      />
                      {option.label}
                    </label>
                  ))}
                </div>
              </fieldset>
            </li>
          )
        })}
      </ul>
      {error && (
        <p id={errorId} className="text-xs text-destructive" data-slot="field-error">
          {error}
        </p>
      )}
    </fieldset>
  )
}

function CreateApiKeyForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (created: ApiKeyCreated) => void }) {
  const scopes = useApiKeyScopes()
  const create = useCreateApiKey()
  const form = useForm<ApiKeyFormValues>({ resolver: zodResolver(apiKeyFormSchema), defaultValues: emptyApiKeyForm() })
  const {
    register,
    control,
    formState: { errors, isSubmitting },
  } = form
  const [failure, setFailure] = useState<string>()

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      const created = await create.mutateAsync(apiKeyInput(values, scopes.data ?? []))
      toast.success('API key created')
      onCreated(created)
    } catch (error) {
      const outcome = applyServerErrors(form, error, apiKeyFieldMap)
      if (!outcome.field) setFailure(outcome.message)
    }
  })

  return (
    <form noValidate onSubmit={submit} aria-label="New API key" className="flex min-h-0 flex-1 flex-col">
      <DialogBody className="flex flex-col gap-5">
        {failure && (
          <Alert variant="destructive" role="alert">
            <CircleAlert aria-hidden="true" />
            <span>{failure}</span>
          </Alert>
        )}
        <FormField label="Name" required error={errors.name?.message} hint="So you can tell your keys apart, e.g. the tool that uses it.">
          {(p) => <Input {...p} autoComplete="off" placeholder="Reporting script" {...register('name')} />}
        </FormField>
        {scopes.isPending ? (
          <Skeleton className="h-64 w-full" />
        ) : scopes.isError ? (
          <QueryErrorAlert title="The scopes could not be loaded." error={scopes.error} onRetry={() => void scopes.refetch()} />
        ) : (
          <ScopePicker control={control} families={scopes.data} error={(errors.scopes as { message?: string } | undefined)?.message} />
        )}
        <FormField
          label="Allowed addresses"
          error={errors.allowedIps?.message}
          hint="Optional. One IP address or CIDR range a line (e.g. 203.0.113.0/24 or 2001:db8::/32); leave empty to allow any address."
        >
          {(p) => <Textarea {...p} rows={3} spellCheck={false} className="font-mono text-xs" placeholder={'203.0.113.0/24\n2001:db8::/32'} {...register('allowedIps')} />}
        </FormField>
        <FormField label="Expires" error={errors.expiresAt?.message} hint="Optional, in your local time; leave empty for a key that does not expire.">
          {(p) => <Input {...p} type="datetime-local" className="w-auto min-w-0 sm:max-w-60" min={toLocalInput(new Date())} {...register('expiresAt')} />}
        </FormField>
      </DialogBody>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={isSubmitting || !scopes.data}>
          {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
          Create key
        </Button>
      </DialogFooter>
    </form>
  )
}

/**
 * Create an API key. After creating, the dialog shows the key in full, this once; closing it
 * forgets the key.
 */
export function CreateApiKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const [created, setCreated] = useState<ApiKeyCreated>()
  const close = (next: boolean) => {
    if (!next) setCreated(undefined)
    onOpenChange(next)
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        layout="sections"
        className="max-h-[92dvh] max-w-2xl"
        // The key is shown once: a stray click outside must not lose it.
        onInteractOutside={(event) => created && event.preventDefault()}
      >
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>API key created</DialogTitle>
              <DialogDescription className="break-words">“{created.name}” is ready to use.</DialogDescription>
            </DialogHeader>
            <DialogBody>
              <ApiKeyReveal created={created} />
            </DialogBody>
            <DialogFooter>
              <Button onClick={() => close(false)}>I have copied the key</Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Create API key</DialogTitle>
              <DialogDescription>A key lets your own tools call the CallCenter Pro API, limited to the scopes you pick.</DialogDescription>
            </DialogHeader>
            {open && <CreateApiKeyForm onCancel={() => close(false)} onCreated={setCreated} />}
          </>
        )}
      </DialogContent>
    </Dialog>
  )
}
