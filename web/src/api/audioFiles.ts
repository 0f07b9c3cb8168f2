/** Audio files for Play/Menu/Gather prompts: `/api/audio-files` (typed from openapi.json). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { MAX_PAGE } from './list'
import { queryKeys } from './queryKeys'
import type { components } from './schema'

export type AudioFile = components['schemas']['AudioFileOut']

/** The largest file the server takes (413 above it). */
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024

/** The content type to send a file with, from its own type or its extension; undefined when it is not MP3/WAV. */
export function audioContentType(file: { name: string; type: string }): 'audio/mpeg' | 'audio/wav' | undefined {
  const type = file.type.toLowerCase()
  if (type === 'audio/mpeg' || type === 'audio/mp3') return 'audio/mpeg'
  if (type === 'audio/wav' || type === 'audio/x-wav' || type === 'audio/wave' || type === 'audio/vnd.wave') return 'audio/wav'
  const name = file.name.toLowerCase()
  if (name.endsWith('.mp3')) return 'audio/mpeg'
  if (name.endsWith('.wav')) return 'audio/wav'
  return undefined
}

/** Why a chosen file cannot be uploaded (checked before sending), or undefined. */
export function audioFileProblem(file: { name: string; type: string; size: number }): string | undefined {
  if (!audioContentType(file)) return `“${file.name}” is not an MP3 or WAV file.`
  if (file.size === 0) return `“${file.name}” is empty.`
  if (file.size > MAX_AUDIO_BYTES) return `“${file.name}” (${formatBytes(file.size)}) is over the 10 MB limit.`
  return undefined
}

/** 1536 -> "1.5 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`
}

export function listAudioFiles(signal?: AbortSignal) {
  return api.list('/api/audio-files', { query: { limit: MAX_PAGE, offset: 0, sort: 'createdAt', order: 'desc' }, signal })
}

/** POST the file's raw bytes; the server checks it is really an MP3/WAV (422), ≤ 10 MB (413). */
export function uploadAudioFile(file: File) {
  return api.upload('/api/audio-files', file, audioContentType(file) ?? 'application/octet-stream', { query: { name: file.name.slice(0, 200) } })
}

export function deleteAudioFile(id: number) {
  return api.delete('/api/audio-files/{id}', { params: { id } })
}

/** The account's uploaded files (newest 200), for the prompt's picker. */
export function useAudioFiles(enabled = true) {
  return useQuery({
    queryKey: queryKeys.audioFiles.list,
    queryFn: ({ signal }) => listAudioFiles(signal),
    enabled,
  })
}

export function useUploadAudioFile() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: uploadAudioFile,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.audioFiles.all }),
  })
}
