import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, FlaskConical, LoaderCircle, Plus, Trash2, X } from 'lucide-react'
import { useState } from 'react'
import { useFieldArray, useForm } from 'react-hook-form'
import { z } from 'zod'
import { isApiError } from '@/api/client'
import { problemsOf, useSimulateCallFlow, type SimulationInput, type SimulationResult } from '@/api/callFlows'
import { FormField } from '@/components/shared/FormField'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { serverErrorMessage } from '@/lib/serverErrors'
import { flowEndLabels, isNodeType, nodeTypeLabels, type FlowProblem } from './model'

const schema = z.object({
  number: z.string().trim().min(1, 'Enter the caller’s number'),
  state: z.string().max(2, 'Two letters, e.g. CA'),
  city: z.string(),
  zip: z.string().regex(/^$|^\d{5}$/, 'Five digits'),
  at: z.string(),
  inputs: z.array(z.object({ kind: z.enum(['digits', 'speech', 'none']), text: z.string() })),
})
type Values = z.infer<typeof schema>

const inputKinds = [
  { value: 'digits', label: 'Digits' },
  { value: 'speech', label: 'Speech' },
  { value: 'none', label: 'No input (timeout)' },
] as const

/** The request's inputs: `{digits}`, `{speech}` or `{}` for a timeout. */
export function toSimulationInputs(inputs: Values['inputs']): SimulationInput[] {
  return inputs.map((i): SimulationInput => (i.kind === 'digits' ? { digits: i.text.trim() } : i.kind === 'speech' ? { speech: i.text } : {}))
}


/**
 * Runs the current draft against a pretend caller (POST /api/call-flows/{id}/simulate) and
 * shows the steps; the editor highlights the path taken.
 */
export function SimulatePanel({
  flowId,
  getGraph,
  onResult,
  onSelectNode,
}: {
  flowId: number
  /** The graph to run: the editor's current one, saved or not. */
  getGraph: () => unknown
  /** The result to highlight on the canvas (undefined clears it), and problems of a refused run. */
  onResult: (result: SimulationResult | undefined, problems?: FlowProblem[]) => void
  onSelectNode: (id: string) => void
}) {
  const simulate = useSimulateCallFlow(flowId)
  const [result, setResult] = useState<SimulationResult>()
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { number: '+12125550100', state: 'NY', city: 'New York', zip: '10001', at: '', inputs: [{ kind: 'digits', text: '1' }] },
  })
  const inputs = useFieldArray({ control: form.control, name: 'inputs' })
  const errors = form.formState.errors

  const run = form.handleSubmit(async (values) => {
    setResult(undefined)
    onResult(undefined)
    try {
      const out = await simulate.mutateAsync({
        graph: getGraph(),
        caller: { number: values.number.trim(), state: values.state.trim().toUpperCase(), city: values.city.trim(), zip: values.zip.trim() },
        ...(values.at ? { at: new Date(values.at).toISOString() } : {}),
        inputs: toSimulationInputs(values.inputs),
      })
      setResult(out)
      onResult(out)
    } catch (error) {
      onResult(undefined, problemsOf(error))
    }
  })

  const error = simulate.error
  const unavailable = isApiError(error) && (error.status === 404 || error.status === 405)
  const refused = problemsOf(error)

  return (
    <div className="flex flex-col gap-4">
      <form noValidate onSubmit={run} className="flex flex-col gap-3" aria-label="Simulate a call">
        <div className="grid grid-cols-2 gap-2">
          <FormField label="Caller number" error={errors.number?.message} className="col-span-2">
            {(p) => <Input {...p} {...form.register('number')} />}
          </FormField>
          <FormField label="State" error={errors.state?.message}>
            {(p) => <Input {...p} maxLength={2} className="uppercase" {...form.register('state')} />}
          </FormField>
          <FormField label="ZIP" error={errors.zip?.message}>
            {(p) => <Input {...p} inputMode="numeric" {...form.register('zip')} />}
          </FormField>
          <FormField label="City" className="col-span-2">
            {(p) => <Input {...p} {...form.register('city')} />}
          </FormField>
          <FormField label="Time of the call" hint="Optional; your local time. Now when empty." className="col-span-2">
            {(p) => <Input {...p} type="datetime-local" {...form.register('at')} />}
          </FormField>
        </div>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Caller’s answers, in order</legend>
          {inputs.fields.map((field, i) => {
            const kind = form.watch(`inputs.${i}.kind`)
            return (
              <div key={field.id} className="flex items-center gap-2">
                <span className="w-5 text-right text-xs text-muted-foreground">{i + 1}.</span>
                <OptionSelect
                  aria-label={`Answer ${i + 1} kind`}
                  className="h-8 w-36 text-xs"
                  value={kind}
                  onValueChange={(v) => form.setValue(`inputs.${i}.kind`, v)}
                  options={inputKinds}
                />
                {kind !== 'none' ? (
                  <Input aria-label={`Answer ${i + 1}`} className="h-8 flex-1" placeholder={kind === 'digits' ? '1' : 'yes'} {...form.register(`inputs.${i}.text`)} />
                ) : (
                  <span className="flex-1 text-xs text-muted-foreground">times out</span>
                )}
                <Button type="button" variant="ghost" size="icon" className="size-8" aria-label={`Remove answer ${i + 1}`} onClick={() => inputs.remove(i)}>
                  <Trash2 aria-hidden="true" />
                </Button>
              </div>
            )
          })}
          <Button type="button" variant="outline" size="sm" className="self-start" onClick={() => inputs.append({ kind: 'digits', text: '' })}>
            <Plus aria-hidden="true" />
            Add answer
          </Button>
        </fieldset>
        <div className="flex gap-2">
          <Button type="submit" disabled={simulate.isPending}>
            {simulate.isPending ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <FlaskConical aria-hidden="true" />}
            Run
          </Button>
          {(result || error) && (
            <Button
              type="button"
              variant="ghost"
              onClick={() => {
                simulate.reset()
                setResult(undefined)
                onResult(undefined)
              }}
            >
              <X aria-hidden="true" />
              Clear
            </Button>
          )}
        </div>
      </form>

      {error != null && (
        <Alert variant="destructive" role="alert">
          <CircleAlert aria-hidden="true" />
          <div className="min-w-0">
            <p className="font-medium">
              {unavailable
                ? `The simulator is not available on this server (HTTP ${(error as { status: number }).status}).`
                : 'The simulation could not run.'}
            </p>
            <p>{serverErrorMessage(error)}</p>
            {refused && refused.length > 0 && (
              <ul className="mt-1 list-disc pl-4">
                {refused.map((p, i) => (
                  <li key={i}>
                    {p.nodeId && <span className="font-mono">{p.nodeId}: </span>}
                    {p.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </Alert>
      )}

      {result && <SimulationTimeline result={result} onSelectNode={onSelectNode} />}
    </div>
  )
}

function Variables({ variables }: { variables: Record<string, string> }) {
  const entries = Object.entries(variables)
  if (entries.length === 0) return null
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-mono text-muted-foreground">{k}</dt>
          <dd className="truncate font-mono">{v}</dd>
        </div>
      ))}
    </dl>
  )
}

export function SimulationTimeline({ result, onSelectNode }: { result: SimulationResult; onSelectNode: (id: string) => void }) {
  const end = result.end
  return (
    <section aria-label="Simulation result" className="flex flex-col gap-3">
      <Alert variant={end.kind === 'error' || end.kind === 'failed' ? 'destructive' : end.kind === 'waiting' ? 'warning' : 'success'}>
        <div>
          <p className="font-medium">{flowEndLabels[end.kind] ?? end.kind}</p>
          <p>{end.message}</p>
        </div>
      </Alert>
      {(result.unusedInputs ?? 0) > 0 && (
        <p className="text-xs text-muted-foreground">
          {result.unusedInputs} answer{result.unusedInputs === 1 ? ' was' : 's were'} not used.
        </p>
      )}
      {(result.problems?.length ?? 0) > 0 && (
        <p className="text-xs text-amber-700 dark:text-amber-300">
          The draft has {result.problems!.length} problem{result.problems!.length === 1 ? '' : 's'} (see Problems); it cannot be published yet, but
          the simulation ran.
        </p>
      )}
      <ol className="flex flex-col gap-2" aria-label="Steps">
        {result.steps.map((step, i) => (
          <li key={i} className="rounded-md border border-border p-2 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <span className="grid size-5 place-items-center rounded-full bg-emerald-600 text-[10px] font-semibold text-white">{i + 1}</span>
              <button type="button" className="font-mono text-xs text-primary hover:underline" onClick={() => onSelectNode(step.nodeId)}>
                {step.nodeId}
              </button>
              <span className="text-xs text-muted-foreground">{isNodeType(step.nodeType) ? nodeTypeLabels[step.nodeType] : step.nodeType}</span>
              {step.input != null && <Badge variant="info">input: {step.input || '(none)'}</Badge>}
              {step.output != null && <Badge variant="success">→ {step.output}</Badge>}
            </div>
            {step.note && <p className="mt-1 text-xs text-muted-foreground">{step.note}</p>}
            {step.twiml && (
              <pre className="mt-2 max-h-40 overflow-auto rounded bg-muted p-2 font-mono text-[11px] leading-snug whitespace-pre-wrap break-all">{step.twiml}</pre>
            )}
            <div className="mt-1">
              <Variables variables={step.variables ?? {}} />
            </div>
          </li>
        ))}
      </ol>
      {Object.keys(result.variables ?? {}).length > 0 && (
        <div>
          <p className="mb-1 text-xs font-medium">Variables at the end</p>
          <Variables variables={result.variables} />
        </div>
      )}
    </section>
  )
}
