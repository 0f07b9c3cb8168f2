/** Raw text (a request or response body), pretty-printed when it is JSON. */
export function CodeBlock({ label, text }: { label: string; text: string | null | undefined }) {
  let shown = text ?? ''
  try {
    if (shown.trim() !== '') shown = JSON.stringify(JSON.parse(shown), null, 2)
  } catch {
    // not JSON: shown as sent
  }
  return (
    <figure className="flex flex-col gap-1">
      <figcaption className="text-xs font-medium text-muted-foreground">{label}</figcaption>
      <pre aria-label={label} className="max-h-64 overflow-auto rounded-md border border-border bg-muted p-3 font-mono text-xs whitespace-pre-wrap break-all">
        {shown === '' ? '(empty)' : shown}
      </pre>
    </figure>
  )
}
