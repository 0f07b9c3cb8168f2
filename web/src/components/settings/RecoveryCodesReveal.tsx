import { Copy, Download, TriangleAlert } from 'lucide-react'
import { useId } from 'react'
import { toast } from 'sonner'
import { saveFile } from '@/api/download'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { Label } from '@/components/ui/label'
import { cn } from '@/lib/utils'

/** The text file of the codes: what they are, for whom, then one code a line. */
export function recoveryCodesText(codes: readonly string[], username: string | undefined, now: Date = new Date()): string {
  return [
    `CallCenter Pro recovery codes${username ? ` for ${username}` : ''}`,
    `Made ${now.toISOString().slice(0, 10)}. Each code signs you in once when you cannot use your authenticator app.`,
    '',
    ...codes,
    '',
  ].join('\n')
}

async function copyCodes(codes: readonly string[]) {
  try {
    await navigator.clipboard.writeText(codes.join('\n'))
    toast.success('Recovery codes copied to the clipboard')
  } catch {
    toast.error('Could not copy: select the codes and copy them by hand')
  }
}

/**
 * Recovery codes shown this once: the list, copy and download buttons, and the "I have saved
 * them" box that the dialog around it asks for before it closes.
 */
export function RecoveryCodesReveal({
  codes,
  username,
  saved,
  onSavedChange,
  nag,
}: {
  codes: readonly string[]
  username: string | undefined
  saved: boolean
  onSavedChange: (saved: boolean) => void
  /** The user tried to close before ticking the box: say why not. */
  nag?: boolean
}) {
  const checkboxId = useId()
  const text = recoveryCodesText(codes, username)
  return (
    <div className="flex min-w-0 flex-col gap-4">
      <Alert variant="warning" role="note">
        <TriangleAlert aria-hidden="true" />
        <p>
          Keep them somewhere safe, such as a password manager. <span className="font-medium">They will not be shown again.</span>
        </p>
      </Alert>
      <div className="rounded-lg border border-border bg-muted p-3">
        <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-x-4 gap-y-1.5 font-mono text-sm">
          {codes.map((code) => (
            <li key={code} className="text-center tracking-wide select-all">
              {code}
            </li>
          ))}
        </ul>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="outline" size="sm" onClick={() => void copyCodes(codes)}>
          <Copy aria-hidden="true" />
          Copy codes
        </Button>
        <Button
          type="button"
          variant="outline"
          size="sm"
          onClick={() => saveFile({ blob: new Blob([text], { type: 'text/plain' }), filename: 'callcenter-pro-recovery-codes.txt' })}
        >
          <Download aria-hidden="true" />
          Download .txt
        </Button>
      </div>
      <div className={cn('flex items-start gap-3 rounded-lg border p-3', nag && !saved ? 'border-destructive' : 'border-border')}>
        <Checkbox
          id={checkboxId}
          checked={saved}
          onCheckedChange={(value) => onSavedChange(value === true)}
          aria-describedby={nag && !saved ? `${checkboxId}-nag` : undefined}
        />
        <div className="flex flex-col gap-1">
          <Label htmlFor={checkboxId}>I have saved my recovery codes</Label>
          {nag && !saved && (
            <p id={`${checkboxId}-nag`} className="text-xs text-destructive" role="alert">
              Save the codes and tick this box first: they cannot be shown again.
            </p>
          )}
        </div>
      </div>
    </div>
  )
}
