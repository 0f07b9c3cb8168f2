import { useFormContext, useWatch } from 'react-hook-form'
import type { RtbTarget } from '@/api/rtb'
import { FormField } from '@/components/shared/FormField'
import { FormSelect } from '@/components/shared/FormSelect'
import { Input } from '@/components/ui/input'
import type { RtbTargetFormValues } from './rtbTargetForm'

const AUTH_TYPES = [
  { value: 'none', label: 'None' },
  { value: 'api_key', label: 'API key' },
  { value: 'bearer', label: 'Bearer token' },
  { value: 'basic', label: 'Basic (user + password)' },
]

/** Authentication type and its fields. Secrets are write-only: empty keeps the stored one. */
export function RtbAuthFields({ target }: { target?: RtbTarget }) {
  const { control, register, formState } = useFormContext<RtbTargetFormValues>()
  const type = useWatch({ control, name: 'authType' })
  const errors = formState.errors
  const stored = target?.authentication
  const keepsSecret = stored?.hasSecret === true && stored.type === type
  const secretHint = keepsSecret ? `Stored: ${stored.maskedSecret ?? '••••'}. Leave empty to keep it.` : undefined
  const placeholder = keepsSecret ? 'Leave empty to keep the stored secret' : undefined
  return (
    <>
      <FormSelect control={control} name="authType" label="Authentication" options={AUTH_TYPES} />
      {type === 'api_key' && (
        <>
          <FormField label="API key header" error={errors.authHeader?.message}>
            {(p) => <Input {...p} autoComplete="off" {...register('authHeader')} />}
          </FormField>
          <FormField label="API key" error={errors.authKey?.message} hint={secretHint}>
            {(p) => <Input {...p} type="password" autoComplete="new-password" placeholder={placeholder} {...register('authKey')} />}
          </FormField>
        </>
      )}
      {type === 'bearer' && (
        <FormField label="Bearer token" error={errors.authToken?.message} hint={secretHint}>
          {(p) => <Input {...p} type="password" autoComplete="new-password" placeholder={placeholder} {...register('authToken')} />}
        </FormField>
      )}
      {type === 'basic' && (
        <>
          <FormField label="User name" error={errors.authUsername?.message}>
            {(p) => <Input {...p} autoComplete="off" {...register('authUsername')} />}
          </FormField>
          <FormField label="Password" error={errors.authPassword?.message} hint={secretHint}>
            {(p) => <Input {...p} type="password" autoComplete="new-password" placeholder={placeholder} {...register('authPassword')} />}
          </FormField>
        </>
      )}
    </>
  )
}
