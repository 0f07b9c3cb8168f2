import { zodResolver } from '@hookform/resolvers/zod'
import { useQueryClient } from '@tanstack/react-query'
import { ArrowLeft, ArrowRight, CircleAlert, LoaderCircle, Save } from 'lucide-react'
import { useRef, useState, type FormEvent } from 'react'
import { FormProvider, useForm, type FieldErrors } from 'react-hook-form'
import { Link, useNavigate } from 'react-router'
import { toast } from 'sonner'
import { queryKeys } from '@/api/queryKeys'
import { rtbKeys } from '@/api/rtb'
import type { Campaign } from '@/api/types'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { UnsavedChangesDialog } from '@/components/shared/UnsavedChangesDialog'
import { useUnsavedChanges } from '@/hooks/useUnsavedChanges'
import { pluralize } from '@/lib/format'
import { applyServerErrors, type FieldMap } from '@/lib/serverErrors'
import { ActivationPreview } from './ActivationPreview'
import { AdvancedStep } from './AdvancedStep'
import { BasicInfoStep } from './BasicInfoStep'
import { BuyersStep } from './BuyersStep'
import {
  buyersErrorField,
  campaignFieldMap,
  campaignFormSchema,
  campaignToValues,
  defaultCampaignValues,
  stepOfField,
  usesPool,
  WIZARD_STEPS,
  type CampaignField,
  type CampaignFormValues,
  type CampaignRtbTargetRow,
} from './campaignForm'
import { NumbersStep } from './NumbersStep'
import { CampaignSaveError, saveCampaign, type SaveStage } from './saveCampaign'
import { WizardStepper } from './WizardStepper'

const LAST = WIZARD_STEPS.length - 1

function failureTitle(stage: SaveStage, campaignExists: boolean): string {
  switch (stage) {
    case 'activation':
      return 'The campaign was saved, but it could not be activated.'
    case 'buyers':
      return 'The campaign was saved, but its buyers could not be.'
    case 'rtbTargets':
      return 'The campaign was saved, but its RTB targets could not be.'
    case 'numbers':
      return 'The campaign was saved, but its numbers could not be assigned.'
    default:
      return campaignExists ? 'The changes could not be saved.' : 'The campaign could not be created.'
  }
}

function fieldMapFor(stage: SaveStage, values: CampaignFormValues): FieldMap<CampaignFormValues> {
  if (stage === 'buyers') return (field) => buyersErrorField(field, values.buyers.length)
  if (stage === 'rtbTargets') return () => 'rtbTargets'
  if (stage === 'numbers') {
    const fallback: CampaignField = usesPool(values) ? 'allocateCount' : 'phoneNumberIds'
    return (field) => campaignFieldMap[field] ?? (field === 'poolId' ? 'poolId' : fallback)
  }
  if (stage === 'activation') {
    // Activation rules name what is missing: buyers, phoneNumbers, poolId or rtbTargets.
    return (field) => campaignFieldMap[field] ?? (field in values ? (field as CampaignField) : 'status')
  }
  return campaignFieldMap
}

/** Steps whose fields have errors, for the stepper. */
function invalidSteps(errors: FieldErrors<CampaignFormValues>): Set<number> {
  return new Set(Object.keys(errors).map((field) => stepOfField(field)))
}

/**
 * The four-step campaign form, for a new campaign or (with `campaign`) an existing one.
 * One form spans the steps; "Next" checks the current step's fields only.
 */
export function CampaignWizard({
  campaign,
  rtbTargets,
  initialStep = 0,
}: {
  campaign?: Campaign
  /** An RTB campaign's targets, as the server has them. */
  rtbTargets?: readonly CampaignRtbTargetRow[]
  initialStep?: number
}) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const form = useForm<CampaignFormValues>({
    resolver: zodResolver(campaignFormSchema),
    defaultValues: campaign ? campaignToValues(campaign, rtbTargets) : defaultCampaignValues(),
    mode: 'onTouched',
  })
  const [step, setStep] = useState(campaign ? initialStep : 0)
  const [reachable, setReachable] = useState(campaign ? LAST : 0)
  // Set once the campaign exists on the server: a retry after a partial failure updates it.
  const [savedId, setSavedId] = useState(campaign?.id)
  const [failure, setFailure] = useState<{ title: string; message: string } | null>(null)
  const [saving, setSaving] = useState(false)
  const headingRef = useRef<HTMLHeadingElement>(null)
  // Leaving with unsaved input asks first (in-app links, Cancel, back button, closing the tab).
  const { blocker, allowLeaving } = useUnsavedChanges(form.formState.isDirty)

  const current = WIZARD_STEPS[step] ?? WIZARD_STEPS[0]!
  const isEdit = Boolean(campaign)

  function goTo(index: number) {
    setStep(index)
    setReachable((r) => Math.max(r, index))
    requestAnimationFrame(() => headingRef.current?.focus())
  }

  async function next() {
    const ok = await form.trigger([...current.fields] as CampaignField[], { shouldFocus: true })
    if (ok) goTo(step + 1)
  }

  async function save(values: CampaignFormValues) {
    setFailure(null)
    setSaving(true)
    try {
      const result = await saveCampaign(values, savedId)
      await queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.all })
      void queryClient.invalidateQueries({ queryKey: queryKeys.phoneNumbers.all })
      void queryClient.invalidateQueries({ queryKey: queryKeys.pools.all })
      if (values.type === 'rtb') void queryClient.invalidateQueries({ queryKey: rtbKeys.all })
      toast.success(result.created ? `Campaign “${values.name.trim()}” created` : 'Campaign saved')
      if (result.shortfall) {
        const { wanted, got } = result.shortfall
        toast.warning(`Only ${got} of ${pluralize(wanted, 'number')} allocated`, {
          description: `The pool had no more free numbers. Add numbers to the pool, then edit the campaign to allocate the other ${wanted - got}.`,
          duration: 15_000,
        })
      }
      allowLeaving()
      navigate(`/campaigns/${encodeURIComponent(result.id)}`)
    } catch (error) {
      const saveError = error instanceof CampaignSaveError ? error : new CampaignSaveError('campaign', error, savedId)
      if (saveError.campaignId) {
        setSavedId(saveError.campaignId)
        void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.all })
      }
      const outcome = applyServerErrors(form, saveError.error, fieldMapFor(saveError.stage, values))
      if (outcome.field) goTo(stepOfField(outcome.field))
      setFailure({
        title: failureTitle(saveError.stage, saveError.campaignId !== undefined),
        message: outcome.field ? `${outcome.message} Fix it and save again.` : outcome.message,
      })
    } finally {
      setSaving(false)
    }
  }

  function onInvalid(errors: FieldErrors<CampaignFormValues>) {
    const first = Object.keys(errors)[0]
    if (first) goTo(stepOfField(first))
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault()
    if (step < LAST) void next()
    else void form.handleSubmit(save, onInvalid)(event)
  }

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-6" aria-label={isEdit ? 'Edit campaign' : 'Create campaign'}>
        <WizardStepper
          steps={WIZARD_STEPS}
          current={step}
          reachable={reachable}
          invalid={invalidSteps(form.formState.errors)}
          onSelect={goTo}
        />
        {failure && (
          <Alert variant="destructive" role="alert">
            <CircleAlert aria-hidden="true" />
            <div>
              <p className="font-medium">{failure.title}</p>
              <p>{failure.message}</p>
            </div>
          </Alert>
        )}
        <Card>
          <CardHeader>
            <CardTitle>
              <span ref={headingRef} tabIndex={-1} className="outline-none">
                Step {step + 1} of {WIZARD_STEPS.length}: {current.title}
              </span>
            </CardTitle>
            <CardDescription>{current.description}</CardDescription>
          </CardHeader>
          <CardContent className="pt-2">
            {current.id === 'basics' && <BasicInfoStep />}
            {current.id === 'numbers' && <NumbersStep campaign={campaign} />}
            {current.id === 'buyers' && <BuyersStep />}
            {current.id === 'advanced' && (
              <>
                <AdvancedStep />
                <ActivationPreview campaignId={savedId} />
              </>
            )}
          </CardContent>
        </Card>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <Button asChild variant="ghost">
            <Link to={savedId ? `/campaigns/${encodeURIComponent(savedId)}` : '/campaigns'}>Cancel</Link>
          </Button>
          <div className="flex gap-2">
            {step > 0 && (
              <Button type="button" variant="outline" onClick={() => goTo(step - 1)}>
                <ArrowLeft aria-hidden="true" />
                Back
              </Button>
            )}
            {step < LAST ? (
              <Button type="submit">
                Next
                <ArrowRight aria-hidden="true" />
              </Button>
            ) : (
              <Button type="submit" disabled={saving}>
                {saving ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Save aria-hidden="true" />}
                {savedId ? 'Save changes' : 'Create campaign'}
              </Button>
            )}
            {isEdit && step < LAST && (
              <Button
                type="button"
                variant="secondary"
                disabled={saving}
                onClick={() => void form.handleSubmit(save, onInvalid)()}
              >
                <Save aria-hidden="true" />
                Save now
              </Button>
            )}
          </div>
        </div>
      </form>
      <UnsavedChangesDialog
        blocker={blocker}
        description={
          isEdit
            ? 'Your changes to this campaign are not saved. If you leave this page now, they are lost.'
            : 'This new campaign is not saved yet. If you leave this page now, what you entered is lost.'
        }
      />
    </FormProvider>
  )
}
