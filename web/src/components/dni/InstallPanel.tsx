import { Check, Copy, RefreshCw } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import { toast } from 'sonner'
import type { DniTag } from '@/api/types'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { InstallState } from './InstallState'

/** Selects the text of an element, for copying by hand when the clipboard is not available. */
function selectAll(element: HTMLElement) {
  const selection = window.getSelection()
  if (!selection) return
  const range = document.createRange()
  range.selectNodeContents(element)
  selection.removeAllRanges()
  selection.addRange(range)
}

/** The snippet to paste, how to mark the page's numbers, and whether the snippet has run yet. */
export function InstallPanel({ tag, onRefresh, refreshing }: { tag: DniTag; onRefresh: () => void; refreshing: boolean }) {
  const code = useRef<HTMLPreElement>(null)
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 2000)
    return () => clearTimeout(timer)
  }, [copied])

  async function copy() {
    try {
      await navigator.clipboard.writeText(tag.jsCode)
      setCopied(true)
      toast.success('Snippet copied to the clipboard')
    } catch {
      if (code.current) selectAll(code.current)
      toast.error('Could not copy: the snippet is selected, press Ctrl+C (⌘C) to copy it')
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Snippet</CardTitle>
          <CardDescription>Paste this line into every page that shows your phone number, just before &lt;/body&gt;.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          <pre
            ref={code}
            aria-label="Tracking snippet"
            tabIndex={0}
            onFocus={(event) => selectAll(event.currentTarget)}
            className="overflow-x-auto rounded-md border border-border bg-muted p-3 font-mono text-xs whitespace-pre-wrap break-all"
          >
            {tag.jsCode}
          </pre>
          <div>
            <Button type="button" onClick={copy}>
              {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
              {copied ? 'Copied' : 'Copy snippet'}
            </Button>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>How to install</CardTitle>
        </CardHeader>
        <CardContent>
          <ol className="flex list-decimal flex-col gap-2 pl-5 text-sm">
            <li>Paste the snippet before &lt;/body&gt; on every page (or once in your site&apos;s template or tag manager).</li>
            <li>
              Mark where the number is shown: give those elements the class <code className="rounded bg-muted px-1">phone-number</code> or the
              attribute <code className="rounded bg-muted px-1">data-dni="phone"</code>. Their text and <code className="rounded bg-muted px-1">tel:</code>{' '}
              links get the visitor&apos;s number (the Settings tab can name other selectors, or numbers to swap wherever they appear).
            </li>
            <li>
              Form fields with <code className="rounded bg-muted px-1">data-dni="input"</code> get the number as their value, e.g. a hidden field
              of a lead form.
            </li>
            {tag.consentMode && (
              <li>
                Consent mode is on: nothing is stored or sent until the page calls <code className="rounded bg-muted px-1">CallCenterDNI.consent()</code>{' '}
                (from your cookie banner, once the visitor agrees).
              </li>
            )}
            {!tag.consentMode && (
              <li>
                If your site asks for consent first, turn on consent mode in Settings and call{' '}
                <code className="rounded bg-muted px-1">CallCenterDNI.consent()</code> once the visitor agrees.
              </li>
            )}
          </ol>
        </CardContent>
      </Card>

      <Card>
        <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-2">
          <div className="flex flex-col gap-1.5">
            <CardTitle>Install check</CardTitle>
            <CardDescription>Where and when the snippet last ran.</CardDescription>
          </div>
          <Button type="button" variant="outline" size="sm" onClick={onRefresh} disabled={refreshing}>
            <RefreshCw className={refreshing ? 'animate-spin' : undefined} aria-hidden="true" />
            Refresh
          </Button>
        </CardHeader>
        <CardContent className="text-sm" aria-live="polite">
          {tag.lastSeenAt || tag.lastSeenUrl ? (
            <InstallState tag={tag} />
          ) : (
            <p className="text-muted-foreground">Not seen yet — open a page with the snippet, then refresh.</p>
          )}
        </CardContent>
      </Card>
    </div>
  )
}
