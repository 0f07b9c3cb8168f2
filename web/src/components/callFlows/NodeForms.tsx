/**
 * The property form of each node type (React Hook Form + Zod), editing the node's `data`
 * in the server's JSON shape. The Zod rules mirror the cheap ones of
 * crates/flows/src/validate.rs; the server's problems (shown above the form) are the authority.
 */
import { Pencil, Plus, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { useController, useFieldArray, type UseFormReturn } from 'react-hook-form'
import { z } from 'zod'
import type { Schedule } from '@/api/types'
import { normalizeSchedule, WEEKDAYS } from '@/components/buyers/schedule'
import { ScheduleEditor } from '@/components/buyers/ScheduleEditor'
import { FormField } from '@/components/shared/FormField'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { TimeZoneSelect } from '@/components/shared/TimeZoneSelect'
import { Button } from '@/components/ui/button'
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Textarea } from '@/components/ui/textarea'
import { cn } from '@/lib/utils'
import {
  errorMessage,
  httpMethods,
  NumberField,
  optional,
  PromptFields,
  promptValues,
  SelectField,
  splitList,
  SwitchField,
  TextField,
  toPrompt,
  useNodeForm,
  whole,
  type PromptValues,
} from './formParts'
import {
  nodeTypeLabels,
  type BusinessHoursData,
  type Condition,
  type CustomLogicData,
  type DialData,
  type GatherData,
  type GoToData,
  type GraphNode,
  type HttpMethod,
  type InputMode,
  type LookupData,
  type MenuData,
  type OperandKind,
  type Operator,
  type PlayData,
  type RouterData,
  type SplitterData,
  type TrackingPixelData,
  type VoicemailData,
} from './model'

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const
const E164ISH = /^\+?[0-9()\-\s.]{7,20}$/

const range = (min: number, max: number) =>
  z.number({ error: 'Enter a number' }).int('A whole number').min(min, `At least ${min}`).max(max, `At most ${max}`)
const urlRule = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s/]+/.test(v.replace(/\[[^\]]*\]/g, 'x')), 'An http or https URL')

const promptSchema = z
  .object({ kind: z.enum(['say', 'audio', 'none']), text: z.string(), voice: z.string(), language: z.string(), url: z.string() })
  .superRefine((p, ctx) => {
    if (p.kind === 'say' && p.text.trim() === '') ctx.addIssue({ code: 'custom', path: ['text'], message: 'Enter what to say' })
    if (p.kind === 'say' && p.text.length > 4000) ctx.addIssue({ code: 'custom', path: ['text'], message: 'At most 4000 characters' })
    if (p.kind === 'audio' && !/^https?:\/\/\S+$/.test(p.url.trim())) ctx.addIssue({ code: 'custom', path: ['url'], message: 'An http or https URL' })
  })

type OnChange<D> = (data: D) => void

// ---- Play

const playSchema = z.object({ prompt: promptSchema, loops: range(1, 10) })

function PlayForm({ data, onChange }: { data: PlayData; onChange: OnChange<PlayData> }) {
  const form = useNodeForm(playSchema, { prompt: promptValues(data.prompt), loops: data.loops }, (v) => ({
    prompt: toPrompt(v.prompt) ?? { kind: 'say', text: '' },
    loops: whole(v.loops, 1),
  }), onChange)
  return (
    <>
      <PromptFields form={form} name="prompt" label="Message" />
      <NumberField form={form} name="loops" label="Times to play" min={1} max={10} />
    </>
  )
}

// ---- Menu

const menuSchema = z.object({
  prompt: promptSchema,
  keys: z.array(z.string()).min(1, 'Offer at least one key'),
  timeoutSecs: range(1, 60),
  retries: range(0, 5),
  invalidMessage: z.string().max(1000, 'At most 1000 characters'),
})

function KeysPicker({ form }: { form: UseFormReturn<z.infer<typeof menuSchema>> }) {
  const { field, fieldState } = useController({ control: form.control, name: 'keys' })
  const keys = field.value
  return (
    <div className="flex flex-col gap-2">
      <Label id="menu-keys-label">Keys offered</Label>
      <div role="group" aria-labelledby="menu-keys-label" className="grid grid-cols-6 gap-1">
        {KEYS.map((key) => {
          const on = keys.includes(key)
          return (
            <button
              key={key}
              type="button"
              aria-pressed={on}
              aria-label={`Key ${key}`}
              onClick={() => field.onChange(on ? keys.filter((k) => k !== key) : KEYS.filter((k) => k === key || keys.includes(k)))}
              className={cn(
                'h-8 rounded-md border text-sm font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring',
                on ? 'border-primary bg-primary text-primary-foreground' : 'border-border bg-background hover:bg-muted',
              )}
            >
              {key}
            </button>
          )
        })}
      </div>
      <p className={cn('text-xs', fieldState.error ? 'text-destructive' : 'text-muted-foreground')}>
        {fieldState.error?.message ?? 'Each key is an output of the node, besides timeout and invalid.'}
      </p>
    </div>
  )
}

function MenuForm({ data, onChange }: { data: MenuData; onChange: OnChange<MenuData> }) {
  const form = useNodeForm(
    menuSchema,
    { prompt: promptValues(data.prompt), keys: data.keys, timeoutSecs: data.timeoutSecs, retries: data.retries, invalidMessage: data.invalidMessage ?? '' },
    (v): MenuData => {
      const out: MenuData = {
        prompt: toPrompt(v.prompt) ?? { kind: 'say', text: '' },
        keys: [...(v.keys ?? [])],
        timeoutSecs: whole(v.timeoutSecs, 5),
        retries: whole(v.retries, 2),
      }
      const invalid = optional(v.invalidMessage)
      if (invalid) out.invalidMessage = invalid
      return out
    },
    onChange,
  )
  return (
    <>
      <PromptFields form={form} name="prompt" label="Menu prompt" />
      <KeysPicker form={form} />
      <div className="grid grid-cols-2 gap-2">
        <NumberField form={form} name="timeoutSecs" label="Timeout (s)" min={1} max={60} />
        <NumberField form={form} name="retries" label="Retries" min={0} max={5} />
      </div>
      <FormField label="Invalid-key message" hint="Optional: said after a wrong key." error={errorMessage(form, 'invalidMessage')}>
        {(p) => <Input {...p} {...form.register('invalidMessage')} />}
      </FormField>
    </>
  )
}

// ---- Gather

const gatherSchema = z
  .object({
    prompt: promptSchema,
    variable: z.string().regex(VARIABLE, 'A letter or _, then letters, digits or _ (at most 40)'),
    minDigits: range(1, 50),
    maxDigits: range(1, 50),
    validDigits: z.string().regex(/^[0-9*#]*$/, 'Only 0-9, * and #'),
    finishOnKey: z.string().regex(/^[0-9*#]?$/, 'One key (0-9, * or #) or empty'),
    timeoutSecs: range(1, 60),
    interDigitTimeoutSecs: range(1, 60),
    retries: range(0, 5),
    input: z.enum(['dtmf', 'speech', 'dtmfSpeech']),
    speechLanguage: z.string(),
  })
  .refine((v) => !(v.minDigits > v.maxDigits), { path: ['minDigits'], message: 'At most the maximum' })

const inputModes = [
  { value: 'dtmf', label: 'Keypad digits' },
  { value: 'speech', label: 'Speech' },
  { value: 'dtmfSpeech', label: 'Digits or speech' },
]

function GatherForm({ data, onChange }: { data: GatherData; onChange: OnChange<GatherData> }) {
  const form = useNodeForm(
    gatherSchema,
    { ...data, prompt: promptValues(data.prompt), speechLanguage: data.speechLanguage ?? '' },
    (v): GatherData => {
      const out: GatherData = {
        prompt: toPrompt(v.prompt) ?? { kind: 'say', text: '' },
        variable: v.variable ?? '',
        minDigits: whole(v.minDigits, 1),
        maxDigits: whole(v.maxDigits, 20),
        validDigits: v.validDigits ?? '',
        finishOnKey: v.finishOnKey ?? '',
        timeoutSecs: whole(v.timeoutSecs, 5),
        interDigitTimeoutSecs: whole(v.interDigitTimeoutSecs, 5),
        retries: whole(v.retries, 2),
        input: (v.input ?? 'dtmf') as InputMode,
      }
      const lang = optional(v.speechLanguage)
      if (lang) out.speechLanguage = lang
      return out
    },
    onChange,
  )
  const input = form.watch('input')
  return (
    <>
      <PromptFields form={form} name="prompt" />
      <TextField form={form} name="variable" label="Store the answer in variable" mono />
      <SelectField control={form.control} name="input" label="Listen for" options={inputModes} />
      {input !== 'speech' && (
        <div className="grid grid-cols-2 gap-2">
          <NumberField form={form} name="minDigits" label="Min digits" min={1} max={50} />
          <NumberField form={form} name="maxDigits" label="Max digits" min={1} max={50} />
          <TextField form={form} name="validDigits" label="Valid keys" hint="Empty: all" mono />
          <TextField form={form} name="finishOnKey" label="Finish key" mono />
        </div>
      )}
      {input !== 'dtmf' && <TextField form={form} name="speechLanguage" label="Speech language" hint="Optional, e.g. en-US" />}
      <div className="grid grid-cols-3 gap-2">
        <NumberField form={form} name="timeoutSecs" label="Timeout (s)" min={1} max={60} />
        <NumberField form={form} name="interDigitTimeoutSecs" label="Between keys (s)" min={1} max={60} />
        <NumberField form={form} name="retries" label="Retries" min={0} max={5} />
      </div>
    </>
  )
}

// ---- Business hours

const businessHoursSchema = z.object({ timeZone: z.string().min(1, 'Choose a time zone'), schedule: z.custom<Schedule>() })

/** "Mon–Fri 09:00–17:00 · Sat 10:00–14:00" for the panel; the editor opens in a dialog. */
export function scheduleSummary(schedule: Schedule): string {
  if (!schedule.enabled) return 'Always open (schedule off)'
  const parts: string[] = []
  let run: { from: string; to: string; text: string } | undefined
  for (const day of WEEKDAYS) {
    const windows = schedule.hours[day.key] ?? []
    const text = windows.map((w) => `${w.start}–${w.end}`).join(', ')
    if (run && text && run.text === text) run.to = day.short
    else {
      if (run) parts.push(`${run.from}${run.to !== run.from ? `–${run.to}` : ''} ${run.text}`)
      run = text ? { from: day.short, to: day.short, text } : undefined
    }
  }
  if (run) parts.push(`${run.from}${run.to !== run.from ? `–${run.to}` : ''} ${run.text}`)
  const extras = [schedule.holidays.length ? `${schedule.holidays.length} holiday${schedule.holidays.length === 1 ? '' : 's'}` : '', schedule.breaks.length ? `${schedule.breaks.length} break${schedule.breaks.length === 1 ? '' : 's'}` : '']
  return [parts.join(' · ') || 'Closed every day', ...extras].filter(Boolean).join(' · ')
}

function BusinessHoursForm({ data, onChange }: { data: BusinessHoursData; onChange: OnChange<BusinessHoursData> }) {
  const form = useNodeForm(businessHoursSchema, { timeZone: data.timeZone, schedule: normalizeSchedule(data.schedule) }, (v) => ({
    timeZone: v.timeZone ?? '',
    schedule: v.schedule as Schedule,
  }), onChange)
  const zone = useController({ control: form.control, name: 'timeZone' })
  const schedule = useController({ control: form.control, name: 'schedule' })
  const [editing, setEditing] = useState(false)
  return (
    <>
      <FormField label="Time zone" error={zone.fieldState.error?.message}>
        {(p) => <TimeZoneSelect {...p} value={zone.field.value} onChange={zone.field.onChange} />}
      </FormField>
      <div className="flex flex-col gap-2">
        <Label>Weekly hours</Label>
        <p className="rounded-md bg-muted px-3 py-2 text-sm">{scheduleSummary(schedule.field.value)}</p>
        <Button type="button" variant="outline" size="sm" className="self-start" onClick={() => setEditing(true)}>
          <Pencil aria-hidden="true" />
          Edit hours, holidays and breaks
        </Button>
      </div>
      <p className="text-xs text-muted-foreground">
        The call leaves by <b>open</b> inside the hours, <b>holiday</b> on a listed date, <b>closed</b> otherwise.
      </p>
      <Dialog open={editing} onOpenChange={setEditing}>
        <DialogContent layout="sections" className="max-h-[90dvh] max-w-2xl">
          <DialogHeader>
            <DialogTitle>Business hours</DialogTitle>
            <DialogDescription>In {zone.field.value || 'the node’s time zone'}. Changes apply as you make them.</DialogDescription>
          </DialogHeader>
          <DialogBody>
            <ScheduleEditor
              value={schedule.field.value}
              onChange={schedule.field.onChange}
              hints={{ on: 'The node answers open only in the windows below.', off: 'Off: the node always answers open.' }}
            />
          </DialogBody>
          <DialogFooter>
            <Button type="button" onClick={() => setEditing(false)}>
              Done
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  )
}

// ---- Router

const operandKinds: { value: OperandKind; label: string }[] = [
  { value: 'state', label: 'State' },
  { value: 'city', label: 'City' },
  { value: 'zip', label: 'ZIP code' },
  { value: 'areaCode', label: 'Area code' },
  { value: 'callerNumber', label: 'Caller number' },
  { value: 'timeOfDay', label: 'Time of day' },
  { value: 'variable', label: 'Variable' },
]

const operators: { value: Operator; label: string }[] = [
  { value: 'equals', label: 'equals' },
  { value: 'notEquals', label: 'does not equal' },
  { value: 'oneOf', label: 'is one of' },
  { value: 'notOneOf', label: 'is not one of' },
  { value: 'beginsWith', label: 'begins with' },
  { value: 'notBeginsWith', label: 'does not begin with' },
  { value: 'contains', label: 'contains' },
  { value: 'notContains', label: 'does not contain' },
  { value: 'exists', label: 'exists' },
  { value: 'notExists', label: 'does not exist' },
  { value: 'greaterThan', label: 'is greater than' },
  { value: 'lessThan', label: 'is less than' },
]

const conditionSchema = z
  .object({
    operand: z.enum(['callerNumber', 'areaCode', 'state', 'city', 'zip', 'timeOfDay', 'variable']),
    variable: z.string(),
    operator: z.enum(operators.map((o) => o.value) as [Operator, ...Operator[]]),
    values: z.string(),
  })
  .superRefine((c, ctx) => {
    if (c.operand === 'variable' && !VARIABLE.test(c.variable)) ctx.addIssue({ code: 'custom', path: ['variable'], message: 'A variable name' })
    const n = conditionValues(c).length
    if ((c.operator === 'exists' || c.operator === 'notExists') && n !== 0) ctx.addIssue({ code: 'custom', path: ['values'], message: 'Takes no value' })
    else if ((c.operator === 'oneOf' || c.operator === 'notOneOf') && n < 1) ctx.addIssue({ code: 'custom', path: ['values'], message: 'At least one value' })
    else if (!['exists', 'notExists', 'oneOf', 'notOneOf'].includes(c.operator) && n !== 1)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'Exactly one value' })
  })

type ConditionValues = z.infer<typeof conditionSchema>

/** A condition's values: a comma-separated list for oneOf/notOneOf, else the one text. */
function conditionValues(c: Partial<ConditionValues>): string[] {
  if (c.operator === 'exists' || c.operator === 'notExists') return splitList(c.values)
  if (c.operator === 'oneOf' || c.operator === 'notOneOf') return splitList(c.values)
  return c.values === undefined || c.values === '' ? [] : [c.values]
}

const routerSchema = z
  .object({
    timeZone: z.string(),
    routes: z.array(z.object({ name: z.string().regex(NAME, '1-40 letters, digits, _ or -'), conditions: z.array(conditionSchema).min(1, 'Add a condition') })),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>()
    r.routes.forEach((route, i) => {
      if (route.name === 'default' || seen.has(route.name)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'name'], message: 'Must differ from the other routes and from "default"' })
      seen.add(route.name)
    })
  })
type RouterValues = z.infer<typeof routerSchema>

function toCondition(c: Partial<ConditionValues>): Condition {
  const kind = c.operand ?? 'state'
  return {
    operand: kind === 'variable' ? { kind: 'variable', name: c.variable ?? '' } : { kind },
    operator: c.operator ?? 'equals',
    values: conditionValues(c),
  }
}

function ConditionsEditor({ form, routeIndex }: { form: UseFormReturn<RouterValues>; routeIndex: number }) {
  const conditions = useFieldArray({ control: form.control, name: `routes.${routeIndex}.conditions` })
  return (
    <div className="flex flex-col gap-2">
      {conditions.fields.map((field, j) => {
        const base = `routes.${routeIndex}.conditions.${j}` as const
        const operand = form.watch(`${base}.operand`)
        const operator = form.watch(`${base}.operator`)
        return (
          <div key={field.id} className="flex flex-col gap-2 rounded-md bg-muted/50 p-2">
            <div className="grid grid-cols-2 gap-2">
              <ControlledSelect form={form} name={`${base}.operand`} label={`Route ${routeIndex + 1} condition ${j + 1} subject`} options={operandKinds} />
              <ControlledSelect form={form} name={`${base}.operator`} label={`Route ${routeIndex + 1} condition ${j + 1} operator`} options={operators} />
            </div>
            {operand === 'variable' && (
              <Input aria-label="Variable name" placeholder="variable name" className="font-mono" aria-invalid={errorMessage(form, `${base}.variable`) ? true : undefined} {...form.register(`${base}.variable`)} />
            )}
            {operator !== 'exists' && operator !== 'notExists' && (
              <Input
                aria-label={`Route ${routeIndex + 1} condition ${j + 1} value`}
                placeholder={operator === 'oneOf' || operator === 'notOneOf' ? 'CA, NY, TX' : operand === 'timeOfDay' ? 'HH:MM' : 'value'}
                aria-invalid={errorMessage(form, `${base}.values`) ? true : undefined}
                {...form.register(`${base}.values`)}
              />
            )}
            <div className="flex items-center justify-between gap-2">
              <p className="text-xs text-destructive">{errorMessage(form, `${base}.values`) ?? errorMessage(form, `${base}.variable`)}</p>
              <Button type="button" variant="ghost" size="sm" onClick={() => conditions.remove(j)} aria-label={`Remove condition ${j + 1} of route ${routeIndex + 1}`}>
                <Trash2 aria-hidden="true" />
              </Button>
            </div>
          </div>
        )
      })}
      {errorMessage(form, `routes.${routeIndex}.conditions`) && <p className="text-xs text-destructive">{errorMessage(form, `routes.${routeIndex}.conditions`)}</p>}
      <Button type="button" variant="outline" size="sm" onClick={() => conditions.append({ operand: 'state', variable: '', operator: 'equals', values: '' })}>
        <Plus aria-hidden="true" />
        Add condition (all must hold)
      </Button>
    </div>
  )
}

function ControlledSelect({
  form,
  name,
  label,
  options,
}: {
  form: UseFormReturn<RouterValues>
  name: `routes.${number}.conditions.${number}.${'operand' | 'operator'}`
  label: string
  options: readonly { value: string; label: string }[]
}) {
  const { field } = useController({ control: form.control, name })
  return <OptionSelect aria-label={label} value={field.value} onValueChange={field.onChange} options={options} className="h-8 text-xs" />
}

function RouterForm({ data, onChange }: { data: RouterData; onChange: OnChange<RouterData> }) {
  const form = useNodeForm(
    routerSchema,
    {
      timeZone: data.timeZone ?? '',
      routes: data.routes.map((r) => ({
        name: r.name,
        conditions: r.conditions.map((c) => ({
          operand: c.operand.kind,
          variable: c.operand.kind === 'variable' ? c.operand.name : '',
          operator: c.operator,
          values: c.operator === 'oneOf' || c.operator === 'notOneOf' ? c.values.join(', ') : (c.values[0] ?? ''),
        })),
      })),
    },
    (v): RouterData => {
      const out: RouterData = {
        routes: (v.routes ?? []).map((r) => ({ name: r?.name ?? '', conditions: (r?.conditions ?? []).map((c) => toCondition(c ?? {})) })),
      }
      const tz = optional(v.timeZone)
      if (tz) out.timeZone = tz
      return out
    },
    onChange,
  )
  const routes = useFieldArray({ control: form.control, name: 'routes' })
  const zone = useController({ control: form.control, name: 'timeZone' })
  return (
    <>
      <p className="text-xs text-muted-foreground">The first route whose conditions all hold wins; otherwise the call takes <b>default</b>.</p>
      {routes.fields.map((field, i) => (
        <fieldset key={field.id} className="flex flex-col gap-2 rounded-md border border-border p-3">
          <legend className="px-1 text-xs font-medium text-muted-foreground">Route {i + 1}</legend>
          <div className="flex items-end gap-2">
            <div className="flex-1">
              <TextField form={form} name={`routes.${i}.name`} label="Output name" mono />
            </div>
            <Button type="button" variant="ghost" size="icon" onClick={() => routes.remove(i)} aria-label={`Remove route ${i + 1}`}>
              <Trash2 aria-hidden="true" />
            </Button>
          </div>
          <ConditionsEditor form={form} routeIndex={i} />
        </fieldset>
      ))}
      <Button
        type="button"
        variant="outline"
        size="sm"
        onClick={() => routes.append({ name: `route${routes.fields.length + 1}`, conditions: [{ operand: 'state', variable: '', operator: 'equals', values: '' }] })}
      >
        <Plus aria-hidden="true" />
        Add route
      </Button>
      <FormField label="Time zone of time-of-day conditions" hint="UTC when not set.">
        {(p) => <TimeZoneSelect {...p} value={zone.field.value} onChange={zone.field.onChange} />}
      </FormField>
    </>
  )
}

// ---- Splitter

const splitterSchema = z
  .object({
    testName: z.string().trim().min(1, 'Name the test').max(100, 'At most 100 characters'),
    branches: z.array(z.object({ name: z.string().regex(NAME, '1-40 letters, digits, _ or -'), weight: range(1, 100) })).min(2, 'At least two branches'),
    sticky: z.boolean(),
  })
  .superRefine((s, ctx) => {
    const total = s.branches.reduce((sum, b) => sum + (Number.isFinite(b.weight) ? b.weight : 0), 0)
    if (total !== 100) ctx.addIssue({ code: 'custom', path: ['branches'], message: `Weights must add up to 100 (they add up to ${total})` })
  })

function SplitterForm({ data, onChange }: { data: SplitterData; onChange: OnChange<SplitterData> }) {
  const form = useNodeForm(splitterSchema, data, (v) => ({
    testName: v.testName ?? '',
    branches: (v.branches ?? []).map((b) => ({ name: b?.name ?? '', weight: whole(b?.weight, 0) })),
    sticky: Boolean(v.sticky),
  }), onChange)
  const branches = useFieldArray({ control: form.control, name: 'branches' })
  return (
    <>
      <TextField form={form} name="testName" label="Test name" />
      <div className="flex flex-col gap-2">
        <Label>Branches (percent of calls)</Label>
        {branches.fields.map((field, i) => (
          <div key={field.id} className="flex items-start gap-2">
            <Input aria-label={`Branch ${i + 1} name`} className="flex-1 font-mono" aria-invalid={errorMessage(form, `branches.${i}.name`) ? true : undefined} {...form.register(`branches.${i}.name`)} />
            <Input aria-label={`Branch ${i + 1} weight`} type="number" className="w-20" aria-invalid={errorMessage(form, `branches.${i}.weight`) ? true : undefined} {...form.register(`branches.${i}.weight`, { valueAsNumber: true })} />
            <Button type="button" variant="ghost" size="icon" onClick={() => branches.remove(i)} aria-label={`Remove branch ${i + 1}`}>
              <Trash2 aria-hidden="true" />
            </Button>
          </div>
        ))}
        {errorMessage(form, 'branches') && <p className="text-xs text-destructive">{errorMessage(form, 'branches')}</p>}
        <Button type="button" variant="outline" size="sm" onClick={() => branches.append({ name: String.fromCharCode(97 + branches.fields.length), weight: 0 })}>
          <Plus aria-hidden="true" />
          Add branch
        </Button>
      </div>
      <SwitchField control={form.control} name="sticky" label="A caller who calls again takes the same branch" />
    </>
  )
}

// ---- Key/value rows (headers, extracted variables)

const pairsSchema = z.array(z.object({ name: z.string(), value: z.string() }))
const toPairs = (record: Record<string, string>) => Object.entries(record).map(([name, value]) => ({ name, value }))
function fromPairs(pairs: { name?: string; value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of pairs ?? []) if (p?.name) out[p.name] = p.value ?? ''
  return out
}

function PairsEditor<V extends { pairs: { name: string; value: string }[] }>({
  form,
  label,
  nameLabel,
  valueLabel,
}: {
  form: UseFormReturn<V>
  label: string
  nameLabel: string
  valueLabel: string
}) {
  const f = form as unknown as UseFormReturn<{ pairs: { name: string; value: string }[] }>
  const rows = useFieldArray({ control: f.control, name: 'pairs' })
  return (
    <div className="flex flex-col gap-2">
      <Label>{label}</Label>
      {rows.fields.map((field, i) => (
        <div key={field.id} className="flex gap-2">
          <Input aria-label={`${nameLabel} ${i + 1}`} placeholder={nameLabel} className="font-mono" {...f.register(`pairs.${i}.name`)} />
          <Input aria-label={`${valueLabel} ${i + 1}`} placeholder={valueLabel} {...f.register(`pairs.${i}.value`)} />
          <Button type="button" variant="ghost" size="icon" onClick={() => rows.remove(i)} aria-label={`Remove row ${i + 1}`}>
            <Trash2 aria-hidden="true" />
          </Button>
        </div>
      ))}
      <Button type="button" variant="outline" size="sm" onClick={() => rows.append({ name: '', value: '' })}>
        <Plus aria-hidden="true" />
        Add
      </Button>
    </div>
  )
}

// ---- Tracking pixel

const pixelSchema = z.object({ url: urlRule, method: z.enum(['GET', 'POST', 'PUT', 'PATCH']), pairs: pairsSchema, maxFires: range(1, 10) })

function TrackingPixelForm({ data, onChange }: { data: TrackingPixelData; onChange: OnChange<TrackingPixelData> }) {
  const form = useNodeForm(pixelSchema, { url: data.url, method: data.method, pairs: toPairs(data.headers), maxFires: data.maxFires }, (v) => ({
    url: v.url ?? '',
    method: (v.method ?? 'GET') as HttpMethod,
    headers: fromPairs(v.pairs),
    maxFires: whole(v.maxFires, 1),
  }), onChange)
  return (
    <>
      <TextField form={form} name="url" label="URL" placeholder="https://…?call=[call_id]&caller=[caller]" hint="Tokens: [call_id], [caller], [campaign_id], [var:name]" />
      <div className="grid grid-cols-2 gap-2">
        <SelectField control={form.control} name="method" label="Method" options={httpMethods} />
        <NumberField form={form} name="maxFires" label="Max fires per call" min={1} max={10} />
      </div>
      <PairsEditor form={form} label="Headers" nameLabel="Header" valueLabel="Value" />
    </>
  )
}

// ---- Custom logic

const customLogicSchema = z.object({
  script: z.string().trim().min(1, 'Write the script').max(20000, 'At most 20,000 characters'),
  outputs: z
    .string()
    .refine((v) => splitList(v).length > 0, 'Declare at least one output')
    .refine((v) => splitList(v).every((o) => NAME.test(o) && o !== 'error'), 'Names of 1-40 letters, digits, _ or -, not "error"'),
  sets: z.string().refine((v) => splitList(v).every((s) => VARIABLE.test(s)), 'Variable names, separated by commas'),
})

function CustomLogicForm({ data, onChange }: { data: CustomLogicData; onChange: OnChange<CustomLogicData> }) {
  const form = useNodeForm(customLogicSchema, { script: data.script, outputs: data.outputs.join(', '), sets: data.sets.join(', ') }, (v) => ({
    script: v.script ?? '',
    outputs: splitList(v.outputs),
    sets: splitList(v.sets),
  }), onChange)
  return (
    <>
      <FormField label="Script: body of function decide(call, vars)" error={errorMessage(form, 'script')} hint="call: callSid, caller, called, areaCode, state, city, zip, campaignId, time (ms). Return an output name, or { output, vars }. Runs at most 50 ms and 16 MB, without network or timers; a failure takes error.">
        {(p) => <Textarea {...p} rows={8} className="font-mono text-xs" spellCheck={false} {...form.register('script')} />}
      </FormField>
      <TextField form={form} name="outputs" label="Outputs" hint="Comma-separated; error is added." mono />
      <TextField form={form} name="sets" label="Variables it sets" hint="Comma-separated" mono />
    </>
  )
}

// ---- Lookup

const lookupSchema = z.object({ url: urlRule, method: z.enum(['GET', 'POST', 'PUT', 'PATCH']).refine((m) => m === 'GET' || m === 'POST', 'A lookup uses GET or POST'), timeoutMs: range(100, 5000), pairs: pairsSchema })

function LookupForm({ data, onChange }: { data: LookupData; onChange: OnChange<LookupData> }) {
  const form = useNodeForm(lookupSchema, { url: data.url, method: data.method, timeoutMs: data.timeoutMs, pairs: toPairs(data.extract) }, (v) => ({
    url: v.url ?? '',
    method: (v.method ?? 'GET') as HttpMethod,
    timeoutMs: whole(v.timeoutMs, 1000),
    extract: fromPairs(v.pairs),
  }), onChange)
  return (
    <>
      <TextField form={form} name="url" label="URL" placeholder="https://…/lookup?zip=[var:zip]" hint="Tokens: [caller], [var:name]…" />
      <div className="grid grid-cols-2 gap-2">
        <SelectField control={form.control} name="method" label="Method" options={httpMethods.slice(0, 2)} />
        <NumberField form={form} name="timeoutMs" label="Timeout (ms)" min={100} max={5000} />
      </div>
      <PairsEditor form={form} label="Variables from the answer" nameLabel="Variable" valueLabel="JSONPath, e.g. $.plan" />
    </>
  )
}

// ---- Dial

const dialSchema = z.object({
  number: z.string().trim().regex(E164ISH, 'A phone number, e.g. +12125550100'),
  timeoutSecs: range(5, 120),
  record: z.boolean(),
  whisper: z.string().max(1000, 'At most 1000 characters'),
  callerId: z.string().refine((v) => v.trim() === '' || E164ISH.test(v.trim()), 'A phone number, or empty'),
})

function DialForm({ data, onChange }: { data: DialData; onChange: OnChange<DialData> }) {
  const form = useNodeForm(dialSchema, { ...data, whisper: data.whisper ?? '', callerId: data.callerId ?? '' }, (v): DialData => {
    const out: DialData = { number: (v.number ?? '').trim(), timeoutSecs: whole(v.timeoutSecs, 30), record: Boolean(v.record) }
    const whisper = optional(v.whisper)
    const callerId = optional(v.callerId)
    if (whisper) out.whisper = whisper
    if (callerId) out.callerId = callerId.trim()
    return out
  }, onChange)
  return (
    <>
      <TextField form={form} name="number" label="Number to dial" placeholder="+12125550100" />
      <NumberField form={form} name="timeoutSecs" label="Ring for (s)" min={5} max={120} hint="Then the call takes noAnswer." />
      <TextField form={form} name="whisper" label="Whisper" hint="Optional: said to the answering party." />
      <TextField form={form} name="callerId" label="Caller ID" hint="Optional" />
      <SwitchField control={form.control} name="record" label="Record the call" />
    </>
  )
}

// ---- Voicemail

const voicemailSchema = z.object({ prompt: promptSchema, maxLengthSecs: range(5, 600), beep: z.boolean(), transcribe: z.boolean() })

function VoicemailForm({ data, onChange }: { data: VoicemailData; onChange: OnChange<VoicemailData> }) {
  const form = useNodeForm(voicemailSchema, { prompt: promptValues(data.prompt), maxLengthSecs: data.maxLengthSecs, beep: data.beep, transcribe: data.transcribe }, (v): VoicemailData => {
    const out: VoicemailData = { maxLengthSecs: whole(v.maxLengthSecs, 120), beep: Boolean(v.beep), transcribe: Boolean(v.transcribe) }
    const prompt = toPrompt(v.prompt as Partial<PromptValues>)
    if (prompt) out.prompt = prompt
    return out
  }, onChange)
  return (
    <>
      <PromptFields form={form} name="prompt" label="Greeting" optionalPrompt />
      <NumberField form={form} name="maxLengthSecs" label="Longest message (s)" min={5} max={600} />
      <SwitchField control={form.control} name="beep" label="Beep before recording" />
      <SwitchField control={form.control} name="transcribe" label="Transcribe" />
    </>
  )
}

// ---- Go to

const goToSchema = z.object({ target: z.string().min(1, 'Choose the node to continue at') })

function GoToForm({ data, nodeId, nodes, onChange }: { data: GoToData; nodeId: string; nodes: readonly GraphNode[]; onChange: OnChange<GoToData> }) {
  const form = useNodeForm(goToSchema, data, (v) => ({ target: v.target ?? '' }), onChange)
  const options = nodes.filter((n) => n.id !== nodeId && n.type !== 'start').map((n) => ({ value: n.id, label: `${n.id} · ${nodeTypeLabels[n.type]}` }))
  return <SelectField control={form.control} name="target" label="Continue at" options={options} hint="The call goes on at this node (a loop must pass a Menu or Gather)." />
}

/** The form of `node`'s type; undefined for types without properties. */
export function NodeForm({ node, nodes, onChange }: { node: GraphNode; nodes: readonly GraphNode[]; onChange: (data: unknown) => void }) {
  switch (node.type) {
    case 'play':
      return <PlayForm data={node.data} onChange={onChange} />
    case 'menu':
      return <MenuForm data={node.data} onChange={onChange} />
    case 'gather':
      return <GatherForm data={node.data} onChange={onChange} />
    case 'businessHours':
      return <BusinessHoursForm data={node.data} onChange={onChange} />
    case 'router':
      return <RouterForm data={node.data} onChange={onChange} />
    case 'splitter':
      return <SplitterForm data={node.data} onChange={onChange} />
    case 'trackingPixel':
      return <TrackingPixelForm data={node.data} onChange={onChange} />
    case 'customLogic':
      return <CustomLogicForm data={node.data} onChange={onChange} />
    case 'lookup':
      return <LookupForm data={node.data} onChange={onChange} />
    case 'dial':
      return <DialForm data={node.data} onChange={onChange} />
    case 'voicemail':
      return <VoicemailForm data={node.data} onChange={onChange} />
    case 'goTo':
      return <GoToForm data={node.data} nodeId={node.id} nodes={nodes} onChange={onChange} />
    default:
      return null
  }
}
