/** Small building blocks of the node property forms. */
import { useEffect, useId, useRef } from 'react'
import {
  useController,
  useForm,
  type Control,
  type DefaultValues,
  type FieldValues,
  type Path,
  type UseFormRegister,
  type UseFormReturn,
} from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import type { z } from 'zod'
import { FormField } from '@/components/shared/FormField'
import { OptionSelect, type Option } from '@/components/shared/OptionSelect'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Switch } from '@/components/ui/switch'
import { Textarea } from '@/components/ui/textarea'
import { AudioPromptField } from './AudioPromptField'
import type { Prompt } from './model'

/**
 * A form over a node's data: validated as the user types (Zod), each change handed on at
 * once (as the server's JSON shape, through `toData`) so the canvas and the autosave follow.
 */
export function useNodeForm<V extends FieldValues, D>(
  schema: z.ZodType<V, V>,
  defaults: V,
  toData: (values: V) => D,
  onChange: (data: D) => void,
): UseFormReturn<V> {
  const form = useForm<V>({ resolver: zodResolver(schema), defaultValues: defaults as DefaultValues<V>, mode: 'onChange' })
  const latest = useRef({ toData, onChange })
  useEffect(() => {
    latest.current = { toData, onChange }
  })
  useEffect(() => {
    // Show what is wrong with the node straight away, not only after an edit.
    void form.trigger()
    const subscription = form.watch((values) => latest.current.onChange(latest.current.toData(values as V)))
    return () => subscription.unsubscribe()
  }, [form])
  return form
}

/** A whole number from a number input: `fallback` when empty, never negative (the server's fields are unsigned). */
export function whole(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : fallback
}

/** `a, b ,c` -> `['a','b','c']` (empty parts dropped). */
export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

/** `undefined` for blank text (the server leaves optional fields out). */
export function optional(text: string | undefined): string | undefined {
  const t = (text ?? '').trim()
  return t === '' ? undefined : (text ?? '')
}

// ---- Prompts

export interface PromptValues {
  kind: 'say' | 'audio' | 'none'
  text: string
  voice: string
  language: string
  url: string
}

export function promptValues(prompt: Prompt | undefined): PromptValues {
  if (!prompt) return { kind: 'none', text: '', voice: '', language: '', url: '' }
  if (prompt.kind === 'audio') return { kind: 'audio', text: '', voice: '', language: '', url: prompt.url }
  return { kind: 'say', text: prompt.text, voice: prompt.voice ?? '', language: prompt.language ?? '', url: '' }
}

export function toPrompt(values: Partial<PromptValues> | undefined): Prompt | undefined {
  if (!values || values.kind === 'none') return undefined
  if (values.kind === 'audio') return { kind: 'audio', url: values.url ?? '' }
  const prompt: Prompt = { kind: 'say', text: values.text ?? '' }
  const voice = optional(values.voice)
  const language = optional(values.language)
  if (voice) prompt.voice = voice
  if (language) prompt.language = language
  return prompt
}

const promptKinds: Option<PromptValues['kind']>[] = [
  { value: 'say', label: 'Text to speech' },
  { value: 'audio', label: 'Audio file' },
]

/** The prompt of a node, at `name` in the form (`prompt`): speech with its voice and language, or audio. */
export function PromptFields<V extends FieldValues>({
  form,
  name,
  label = 'Prompt',
  optionalPrompt = false,
}: {
  form: UseFormReturn<V>
  name: string
  label?: string
  optionalPrompt?: boolean
}) {
  const kindPath = `${name}.kind` as Path<V>
  const kind = form.watch(kindPath) as PromptValues['kind']
  const errorAt = (field: string) => errorMessage(form, `${name}.${field}`)
  const kinds = optionalPrompt ? [{ value: 'none' as const, label: 'None (just the beep)' }, ...promptKinds] : promptKinds
  return (
    <fieldset className="flex flex-col gap-3 rounded-md border border-border p-3">
      <legend className="px-1 text-xs font-medium text-muted-foreground">{label}</legend>
      <SelectField control={form.control} name={kindPath} label="Kind" options={kinds} />
      {kind === 'say' && (
        <>
          <FormField label="Text" error={errorAt('text')}>
            {(p) => <Textarea {...p} rows={3} {...form.register(`${name}.text` as Path<V>)} />}
          </FormField>
          <div className="grid grid-cols-2 gap-2">
            <FormField label="Voice" hint="Optional, e.g. Polly.Joanna">
              {(p) => <Input {...p} {...form.register(`${name}.voice` as Path<V>)} />}
            </FormField>
            <FormField label="Language" hint="Optional, e.g. en-US">
              {(p) => <Input {...p} {...form.register(`${name}.language` as Path<V>)} />}
            </FormField>
          </div>
        </>
      )}
      {kind === 'audio' && <AudioPromptField form={form} name={`${name}.url` as Path<V>} error={errorAt('url')} />}
    </fieldset>
  )
}

/** The error message at a dotted path of the form, if any. */
export function errorMessage<V extends FieldValues>(form: UseFormReturn<V>, path: string): string | undefined {
  let current: unknown = form.formState.errors
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[part]
  }
  const message = (current as { message?: unknown } | undefined)?.message
  return typeof message === 'string' ? message : undefined
}

// ---- Fields

export function NumberField<V extends FieldValues>({
  form,
  name,
  label,
  hint,
  min,
  max,
}: {
  form: UseFormReturn<V>
  name: Path<V>
  label: string
  hint?: string
  min?: number
  max?: number
}) {
  return (
    <FormField label={label} hint={hint} error={errorMessage(form, name)}>
      {(p) => <Input {...p} type="number" inputMode="numeric" min={min} max={max} {...form.register(name, { valueAsNumber: true })} />}
    </FormField>
  )
}

export function TextField<V extends FieldValues>({
  form,
  name,
  label,
  hint,
  placeholder,
  mono,
}: {
  form: UseFormReturn<V>
  name: Path<V>
  label: string
  hint?: string
  placeholder?: string
  mono?: boolean
}) {
  return (
    <FormField label={label} hint={hint} error={errorMessage(form, name)}>
      {(p) => <Input {...p} placeholder={placeholder} className={mono ? 'font-mono' : undefined} {...(form.register as UseFormRegister<V>)(name)} />}
    </FormField>
  )
}

export function SelectField<V extends FieldValues>({
  control,
  name,
  label,
  options,
  hint,
}: {
  control: Control<V>
  name: Path<V>
  label: string
  options: readonly Option[]
  hint?: string
}) {
  const { field, fieldState } = useController({ control, name })
  return (
    <FormField label={label} hint={hint} error={fieldState.error?.message}>
      {(p) => (
        <OptionSelect {...p} ref={field.ref} value={(field.value as string) ?? ''} onValueChange={field.onChange} onBlur={field.onBlur} options={options} />
      )}
    </FormField>
  )
}

export function SwitchField<V extends FieldValues>({ control, name, label }: { control: Control<V>; name: Path<V>; label: string }) {
  const { field } = useController({ control, name })
  const id = useId()
  return (
    <div className="flex items-center justify-between gap-3">
      <Label htmlFor={id}>{label}</Label>
      <Switch id={id} checked={Boolean(field.value)} onCheckedChange={field.onChange} />
    </div>
  )
}

export const httpMethods: Option[] = ['GET', 'POST', 'PUT', 'PATCH'].map((m) => ({ value: m, label: m }))
