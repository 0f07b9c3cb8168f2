import { Check, Copy } from 'lucide-react'
import { useEffect, useState } from 'react'
import { toast } from 'sonner'
import { Button } from '@/components/ui/button'

/** Copies `value` to the clipboard; `label` says what, for screen readers ("Copy webhook URL"). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 1500)
    return () => clearTimeout(timer)
  }, [copied])

  async function copy() {
    try {
      await navigator.clipboard.writeText(value)
      setCopied(true)
      toast.success('Copied to the clipboard')
    } catch {
      toast.error('Could not copy: select the text and copy it by hand')
    }
  }

  return (
    <Button type="button" variant="ghost" size="icon" className="size-7" aria-label={label} title={label} onClick={copy}>
      {copied ? <Check className="text-emerald-600 dark:text-emerald-400" aria-hidden="true" /> : <Copy aria-hidden="true" />}
    </Button>
  )
}
