import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, FlaskConical, LoaderCircle } from 'lucide-react'
import { useId, useState } from 'react'
import { Controller, useForm } from 'react-hook-form'
import { useCurrentUser } from '@/api/auth'
import { useSimulateCall } from '@/api/campaigns'
import type { Campaign, Simulation } from '@/api/types'
import { FormField } from '@/components/shared/FormField'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { formatMoney } from '@/lib/format'
import { applyServerErrors } from '@/lib/serverErrors'
import { TestCallResult } from './TestCallResult'
import { bidderName, testCallDefaults, testCallSchema, toSimulateInput, type TestCallValues } from './testCall'

/** One sentence for screen readers when a result arrives. */
function summary(result: Simulation): string {
  const routing =
    result.outcome === 'routed' && result.buyer
      ? `${result.buyer.buyerName} would get this call.`
      : `${result.outcome === 'rejected' ? 'The call would be rejected' : 'No buyer would get this call'}: ${result.reason ?? ''}`
  const test = result.auction?.test
  if (!test) return routing
  const winner = test.bids.find((b) => b.rtbTargetId === test.winnerRtbTargetId)
  const auction = winner
    ? `Test auction: ${bidderName(result.auction?.targets ?? [], winner.rtbTargetId)} would win with ${formatMoney(winner.bid)}.`
    : 'Test auction: no bid would win.'
  return `${auction} ${routing}`
}

/**
 * "Test call": which buyer would get a call from this caller at this time, and why each
 * other buyer would not. A simulation only: nothing is dialled and no cap is used. On an
 * RTB campaign it also lists the bidders a call now would ping and, on request ("Run a
 * test auction"), really asks them for bids (still dialling, recording and counting nothing).
 */
export function CampaignTestCallCard({ campaign }: { campaign: Pick<Campaign, 'id' | 'name' | 'status' | 'type'> }) {
  const rtb = campaign.type === 'rtb'
  const simulate = useSimulateCall(campaign.id)
  const auctionId = useId()
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
      setResult(await simulate.mutateAsync(toSimulateInput(values, { rtb })))
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
          {rtb
            ? 'See which bidders a call from this caller would ping, which buyer would get it, and why the others would not. '
            : 'See which buyer would get a call from this caller, and why the others would not. '}
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
          {rtb && (
            <div className="flex items-start gap-2">
              <Controller
                control={form.control}
                name="runAuction"
                render={({ field }) => (
                  <Checkbox
                    id={auctionId}
                    ref={field.ref}
                    name={field.name}
                    checked={field.value}
                    onCheckedChange={(checked) => field.onChange(checked === true)}
                    onBlur={field.onBlur}
                    aria-describedby={`${auctionId}-hint`}
                    className="mt-0.5"
                  />
                )}
              />
              <div className="flex flex-col gap-0.5">
                <label htmlFor={auctionId} className="text-sm font-medium">
                  Run a test auction
                </label>
                <p id={`${auctionId}-hint`} className="text-xs text-muted-foreground">
                  Really asks each bidder a call now would ping for a bid, with this caller. Nothing is dialled, recorded or counted.
                </p>
              </div>
            </div>
          )}
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
