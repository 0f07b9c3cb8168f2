/** The audio of a prompt: a URL, typed in, uploaded here (MP3/WAV ≤ 10 MB) or picked from the account's files. */
import { CircleAlert, CircleCheck, LoaderCircle } from 'lucide-react'
import { useId, useRef, useState } from 'react'
import type { FieldValues, Path, PathValue, UseFormReturn } from 'react-hook-form'
import { audioFileProblem, formatBytes, useAudioFiles, useUploadAudioFile, type AudioFile } from '@/api/audioFiles'
import { FormField } from '@/components/shared/FormField'
import { OptionSelect } from '@/components/shared/OptionSelect'
import { Alert } from '@/components/ui/alert'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { serverErrorMessage } from '@/lib/serverErrors'

type UploadState = { kind: 'idle' } | { kind: 'uploading'; name: string; size: number } | { kind: 'done'; file: AudioFile } | { kind: 'failed'; message: string }

const ACCEPT = '.mp3,.wav,audio/mpeg,audio/wav,audio/x-wav'

export function AudioPromptField<V extends FieldValues>({ form, name, error }: { form: UseFormReturn<V>; name: Path<V>; error?: string }) {
  const fileId = useId()
  const pickId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const files = useAudioFiles()
  const upload = useUploadAudioFile()
  const [state, setState] = useState<UploadState>({ kind: 'idle' })
  const url = ((form.watch(name) as string | undefined) ?? '').trim()

  const fillUrl = (value: string) => form.setValue(name, value as PathValue<V, Path<V>>, { shouldValidate: true, shouldDirty: true })

  async function onFile(file: File | undefined) {
    if (!file) return
    const problem = audioFileProblem(file)
    if (problem) {
      setState({ kind: 'failed', message: problem })
    } else {
      setState({ kind: 'uploading', name: file.name, size: file.size })
      try {
        const saved = await upload.mutateAsync(file)
        fillUrl(saved.url)
        setState({ kind: 'done', file: saved })
      } catch (e) {
        setState({ kind: 'failed', message: `“${file.name}” could not be uploaded: ${serverErrorMessage(e)}` })
      }
    }
    // The same file can be chosen again (after fixing it, or to retry).
    if (inputRef.current) inputRef.current.value = ''
  }

  const items = files.data?.items ?? []
  const picked = items.find((f) => f.url === url)
  const options = items.map((f) => ({ value: String(f.id), label: `${f.name} · ${formatBytes(f.sizeBytes)}` }))
  const playable = /^https?:\/\/\S+$/.test(url)

  return (
    <div className="flex flex-col gap-3">
      <FormField label="Audio URL" error={error} hint="An MP3 or WAV the carrier can fetch: type its URL, upload a file or pick one.">
        {(p) => <Input {...p} type="url" placeholder="https://…/greeting.mp3" {...form.register(name)} />}
      </FormField>

      <div className="flex flex-col gap-2">
        <Label htmlFor={fileId}>Upload MP3/WAV</Label>
        <input
          ref={inputRef}
          id={fileId}
          type="file"
          accept={ACCEPT}
          disabled={state.kind === 'uploading'}
          aria-describedby={`${fileId}-state`}
          onChange={(e) => void onFile(e.target.files?.[0])}
          className="w-full min-w-0 text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-background file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-muted disabled:opacity-60"
        />
        <div id={`${fileId}-state`} aria-live="polite">
          {state.kind === 'idle' && <p className="text-xs text-muted-foreground">At most 10 MB.</p>}
          {state.kind === 'uploading' && (
            <p role="status" className="flex items-center gap-1.5 text-xs text-muted-foreground">
              <LoaderCircle className="size-3.5 shrink-0 animate-spin" aria-hidden="true" />
              <span className="min-w-0 break-words">
                Uploading {state.name} ({formatBytes(state.size)})…
              </span>
            </p>
          )}
          {state.kind === 'done' && (
            <p role="status" className="flex items-center gap-1.5 text-xs text-emerald-700 dark:text-emerald-400">
              <CircleCheck className="size-3.5 shrink-0" aria-hidden="true" />
              <span className="min-w-0 break-words">
                Uploaded {state.file.name} ({formatBytes(state.file.sizeBytes)}): its URL is filled in.
              </span>
            </p>
          )}
          {state.kind === 'failed' && (
            <Alert variant="destructive" role="alert" className="text-xs">
              <CircleAlert aria-hidden="true" />
              <span className="min-w-0 break-words">{state.message}</span>
            </Alert>
          )}
        </div>
      </div>

      <div className="flex flex-col gap-2">
        <Label htmlFor={pickId}>Uploaded files</Label>
        {files.isError ? (
          <p role="alert" className="text-xs text-destructive">
            The uploaded files could not be loaded: {serverErrorMessage(files.error)}
          </p>
        ) : (
          <OptionSelect
              id={pickId}
              className="w-full"
              value={picked ? String(picked.id) : ''}
              onValueChange={(v) => {
                const file = items.find((f) => String(f.id) === v)
                if (file) fillUrl(file.url)
              }}
              options={options}
              placeholder={files.isPending ? 'Loading…' : items.length === 0 ? 'No file uploaded yet' : 'Pick an uploaded file…'}
              disabled={files.isPending || items.length === 0}
            />
        )}
      </div>

      {playable && (
        <audio controls preload="none" src={url} className="h-9 w-full" aria-label="Preview of the audio" />
      )}
    </div>
  )
}
