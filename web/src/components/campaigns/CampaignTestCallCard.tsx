import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, FlaskConical, LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { useCurrentUser } from '@/api/auth'
import { useSimulateCall } from '@/api/campaigns'
import type { Campaign, Simulation } from '@/api/types'
import { FormField } from '@/components/shared/FormField'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { applyServerErrors } from '@/lib/serverErrors'
import { TestCallResult } from './TestCallResult'
import { testCallDefaults, testCallSchema, toSimulateInput, type TestCallValues } from './testCall'

/** One sentence for screen readers when a result arrives. */
function summary(result: Simulation): string {
  if (result.outcome === 'routed' && result.buyer) return `${result.buyer.buyerName} would get this call.`
  return `${result.outcome === 'rejected' ? 'The call would be rejected' : 'No buyer would get this call'}: ${result.reason ?? ''}`
}

/**
 * "Test call": which buyer would get a call from this caller at this time, and why each
 * other buyer would not. A simulation only: nothing is dialled and no cap is used.
 */
export function CampaignTestCallCard({ campaign }: { campaign: Pick<Campaign, 'id' | 'name' | 'status'> }) {
  const simulate = useSimulateCall(campaign.id)
  const user = useCurrentUser()
  const [result, setResult] = useState<Simulation>()
  const [failure, setFailure] = useState<string>()
  const form = useForm<TestCallValues>({ resolver: zodResolver(testCallSchema), defaultValues: testCallDefaults })
  const {
    register,
    formState: { errors, isSubmitting },
  } = form

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      setResult(await simulate.mutateAsync(toSimulateInput(values)))
    } catch (error) {
      setResult(undefined)
      const outcome = applyServerErrors(form, error)
      if (!outcome.field) setFailure(outcome.message)
    }
  })

  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <FlaskConical className="size-4 text-primary" aria-hidden="true" />
          Test call
        </CardTitle>
        <CardDescription>
          See which buyer would get a call from this caller, and why the others would not.{' '}
          <strong className="font-medium text-foreground">Nothing is dialled and no cap is used.</strong>
          {campaign.status !== 'active' && ` The campaign is tried as if it were active.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        <form noValidate onSubmit={submit} aria-label="Test call" className="flex flex-col gap-4">
          {failure && (
            <Alert variant="destructive" role="alert">
              <CircleAlert aria-hidden="true" />
              <span>{failure}</span>
            </Alert>
          )}
          <div className="grid gap-4 sm:grid-cols-3">
            <FormField label="Caller number" required error={errors.callerNumber?.message}>
              {(p) => <Input {...p} type="tel" autoComplete="off" placeholder="(212) 555-0100" {...register('callerNumber')} />}
            </FormField>
            <FormField label="Caller state" error={errors.callerState?.message} hint="Two letters, e.g. NY">
              {(p) => <Input {...p} autoComplete="off" maxLength={2} placeholder="NY" className="uppercase" {...register('callerState')} />}
            </FormField>
            <FormField label="Call time (UTC)" error={errors.at?.message} hint="Empty: now. Buyer hours are checked in each buyer’s time zone.">
              {(p) => <Input {...p} type="datetime-local" step={60} {...register('at')} />}
            </FormField>
          </div>
          <div className="flex justify-end">
            <Button type="submit" disabled={isSubmitting}>
              {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
              Run test call
            </Button>
          </div>
        </form>
        <p aria-live="polite" className="sr-only">
          {result ? summary(result) : ''}
        </p>
        {result && <TestCallResult result={result} timeZone={user.data?.timeZone} />}
      </CardContent>
    </Card>
  )
}
