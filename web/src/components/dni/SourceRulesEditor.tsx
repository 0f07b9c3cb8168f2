import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react'
import type { ReactNode } from 'react'
import { Controller, useFieldArray, useFormContext, useWatch } from 'react-hook-form'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { dniRuleOperatorLabels, dniSourceFieldLabels, optionsOf } from '@/lib/labels'
import { emptySourceRule, MAX_RULES, type TagFormValues } from './tagForm'

const FIELD_OPTIONS = optionsOf(dniSourceFieldLabels)
const OPERATOR_OPTIONS = optionsOf(dniRuleOperatorLabels)

/** The source rules, tried in order: add, remove and move them; each names a source. */
export function SourceRulesEditor() {
  const { control, register, formState } = useFormContext<TagFormValues>()
  const { fields, append, remove, move } = useFieldArray({ control, name: 'sourceRules' })
  const rules = useWatch({ control, name: 'sourceRules' })
  const listError = formState.errors.sourceRules?.message ?? formState.errors.sourceRules?.root?.message

  return (
    <div className="flex flex-col gap-3 sm:col-span-2 lg:col-span-3">
      <div>
        <span className="text-sm font-medium">Source rules</span>
        <p className="text-xs text-muted-foreground">
          Tried from the top; the first rule that holds names the visit&apos;s source (e.g. utm_source equals google → “Google Ads”).
        </p>
      </div>
      {fields.length === 0 && <p className="text-sm text-muted-foreground">No rules yet.</p>}
      <ol className="flex flex-col gap-3" aria-label="Source rules">
        {fields.map((field, index) => {
          const n = index + 1
          const rule = rules?.[index]
          const needsValue = rule?.operator !== 'exists' && rule?.field !== 'direct'
          const errors = formState.errors.sourceRules?.[index]
          return (
            <li key={field.id} className="flex flex-col gap-2 rounded-lg border border-border p-3">
              <div className="flex items-center justify-between gap-2">
                <span className="text-xs font-medium text-muted-foreground">Rule {n}</span>
                <div className="flex gap-1">
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    className="size-8"
                    aria-label={`Move rule ${n} up`}
                    title="Move up"
                    disabled={index === 0}
                    onClick={() => move(index, index - 1)}
                  >
                    <ArrowUp aria-hidden="true" />
                  </Button>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    className="size-8"
                    aria-label={`Move rule ${n} down`}
                    title="Move down"
                    disabled={index === fields.length - 1}
                    onClick={() => move(index, index + 1)}
                  >
                    <ArrowDown aria-hidden="true" />
                  </Button>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    className="size-8 text-destructive hover:text-destructive"
                    aria-label={`Remove rule ${n}`}
                    title="Remove"
                    onClick={() => remove(index)}
                  >
                    <Trash2 aria-hidden="true" />
                  </Button>
                </div>
              </div>
              <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
                <RuleCell error={errors?.label?.message} id={`rule-${field.id}-label`}>
                  <Input
                    id={`rule-${field.id}-label`}
                    aria-label={`Rule ${n} source name`}
                    placeholder="Source name, e.g. Google Ads"
                    aria-invalid={errors?.label ? true : undefined}
                    aria-describedby={errors?.label ? `rule-${field.id}-label-error` : undefined}
                    {...register(`sourceRules.${index}.label`)}
                  />
                </RuleCell>
                <Controller
                  control={control}
                  name={`sourceRules.${index}.field`}
                  render={({ field: f }) => (
                    <OptionSelect aria-label={`Rule ${n} field`} ref={f.ref} value={f.value} onValueChange={f.onChange} onBlur={f.onBlur} options={FIELD_OPTIONS} />
                  )}
                />
                <Controller
                  control={control}
                  name={`sourceRules.${index}.operator`}
                  render={({ field: f }) => (
                    <OptionSelect aria-label={`Rule ${n} operator`} ref={f.ref} value={f.value} onValueChange={f.onChange} onBlur={f.onBlur} options={OPERATOR_OPTIONS} />
                  )}
                />
                <RuleCell error={needsValue ? errors?.value?.message : undefined} id={`rule-${field.id}-value`}>
                  <Input
                    id={`rule-${field.id}-value`}
                    aria-label={`Rule ${n} value`}
                    placeholder={needsValue ? 'Value, e.g. google' : 'No value needed'}
                    disabled={!needsValue}
                    aria-invalid={needsValue && errors?.value ? true : undefined}
                    aria-describedby={needsValue && errors?.value ? `rule-${field.id}-value-error` : undefined}
                    {...register(`sourceRules.${index}.value`)}
                  />
                </RuleCell>
              </div>
            </li>
          )
        })}
      </ol>
      {listError && (
        <p className="text-xs text-destructive" role="alert" data-slot="field-error">
          {listError}
        </p>
      )}
      <div>
        <Button type="button" variant="outline" size="sm" disabled={fields.length >= MAX_RULES} onClick={() => append({ ...emptySourceRule })}>
          <Plus aria-hidden="true" />
          Add rule
        </Button>
      </div>
    </div>
  )
}

function RuleCell({ error, id, children }: { error?: string; id: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      {children}
      {error && (
        <p id={`${id}-error`} className="text-xs text-destructive" data-slot="field-error">
          {error}
        </p>
      )}
    </div>
  )
}
