import { zodResolver } from '@hookform/resolvers/zod'
import { CircleAlert, CircleCheck, LoaderCircle } from 'lucide-react'
import { useState } from 'react'
import { useController, useForm } from 'react-hook-form'
import { z } from 'zod'
import { useProfile, useUpdateProfile, type Profile, type ProfileInput } from '@/api/account'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { TimeZoneSelect } from '@/components/shared/TimeZoneSelect'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { Skeleton } from '@/components/ui/skeleton'
import { showServerError } from './accountForm'

const PROFILE_LABELS = {
  email: 'E-mail address',
  firstName: 'First name',
  lastName: 'Last name',
  timeZone: 'Time zone',
  language: 'Language',
} as const

const LANGUAGES = [{ value: 'en', label: 'English' }] as const

const profileSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254, 'At most 254 characters')
    .refine((value) => value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'Enter an e-mail address such as name@example.com'),
  firstName: z.string().trim().max(100, 'At most 100 characters'),
  lastName: z.string().trim().max(100, 'At most 100 characters'),
  timeZone: z.string().min(1, 'Pick a time zone'),
  language: z.string().min(1, 'Pick a language'),
})

export type ProfileFormValues = z.infer<typeof profileSchema>

export function profileToValues(profile: Profile): ProfileFormValues {
  return {
    email: profile.email ?? '',
    firstName: profile.firstName ?? '',
    lastName: profile.lastName ?? '',
    timeZone: profile.timeZone,
    language: profile.language,
  }
}

/** Empty text fields are sent as null (none). */
export function valuesToProfileInput(values: ProfileFormValues): ProfileInput {
  const orNull = (text: string) => (text.trim() === '' ? null : text.trim())
  return {
    email: orNull(values.email),
    firstName: orNull(values.firstName),
    lastName: orNull(values.lastName),
    timeZone: values.timeZone,
    language: values.language,
  }
}

/** Settings → Profile: the member's own name, e-mail address, time zone and language. */
export function ProfileSection() {
  const profile = useProfile()
  return (
    <section aria-labelledby="profile-heading" className="flex min-w-0 flex-col gap-3">
      <div className="min-w-0">
        <h2 id="profile-heading" className="text-lg font-semibold">
          Profile
        </h2>
        <p className="text-sm text-muted-foreground">Your own details. Times across the app are shown in your time zone.</p>
      </div>
      {profile.error ? (
        <QueryErrorAlert title="Your profile could not be loaded" error={profile.error} onRetry={() => void profile.refetch()} retrying={profile.isFetching} />
      ) : profile.data ? (
        <ProfileForm profile={profile.data} />
      ) : (
        <Card className="flex flex-col gap-4 p-5" aria-busy="true" aria-label="Loading your profile">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-9 w-full max-w-md" />
          ))}
        </Card>
      )}
    </section>
  )
}

function ProfileForm({ profile }: { profile: Profile }) {
  const update = useUpdateProfile()
  const form = useForm<ProfileFormValues>({ resolver: zodResolver(profileSchema), defaultValues: profileToValues(profile), mode: 'onTouched' })
  const {
    register,
    control,
    handleSubmit,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = form
  const zone = useController({ control, name: 'timeZone' })
  const [failure, setFailure] = useState<string>()
  const [saved, setSaved] = useState(false)

  const submit = handleSubmit(async (values) => {
    setFailure(undefined)
    setSaved(false)
    try {
      const next = await update.mutateAsync(valuesToProfileInput(values))
      reset(profileToValues(next))
      setSaved(true)
    } catch (error) {
      setFailure(showServerError(form, error, PROFILE_LABELS))
    }
  })

  return (
    <Card className="p-5">
      <form noValidate onSubmit={submit} aria-label="Profile" className="flex flex-col gap-5" onChange={() => setSaved(false)}>
        {failure && (
          <Alert variant="destructive" role="alert">
            <CircleAlert aria-hidden="true" />
            <span>{failure}</span>
          </Alert>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Username" hint="Chosen when you joined; it cannot be changed.">
            {(p) => <Input {...p} value={profile.username} readOnly className="bg-muted text-muted-foreground" />}
          </FormField>
          <FormField label="E-mail address" error={errors.email?.message}>
            {(p) => <Input {...p} type="email" autoComplete="email" {...register('email')} />}
          </FormField>
          <FormField label="First name" error={errors.firstName?.message}>
            {(p) => <Input {...p} autoComplete="given-name" {...register('firstName')} />}
          </FormField>
          <FormField label="Last name" error={errors.lastName?.message}>
            {(p) => <Input {...p} autoComplete="family-name" {...register('lastName')} />}
          </FormField>
          <FormField label="Time zone" required error={errors.timeZone?.message} hint="Dates and times in the app are shown in this zone.">
            {(p) => (
              <TimeZoneSelect
                {...p}
                value={zone.field.value}
                onChange={(value) => {
                  zone.field.onChange(value)
                  setSaved(false)
                }}
              />
            )}
          </FormField>
          <FormSelect control={control} name="language" label="Language" required options={LANGUAGES} hint="Only English for now; other languages can be added later." />
        </div>
        <p className="text-sm text-muted-foreground">Profile pictures are not available yet in this version of CallCenter Pro.</p>
        <div className="flex flex-wrap items-center gap-3 border-t border-border pt-4">
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting && <LoaderCircle className="animate-spin" aria-hidden="true" />}
            Save profile
          </Button>
          {isDirty && !isSubmitting && (
            <Button type="button" variant="ghost" onClick={() => reset()}>
              Discard changes
            </Button>
          )}
          {saved && !isDirty && (
            <p role="status" className="flex items-center gap-1.5 text-sm text-emerald-700 dark:text-emerald-300">
              <CircleCheck className="size-4" aria-hidden="true" />
              Profile saved
            </p>
          )}
        </div>
      </form>
    </Card>
  )
}
