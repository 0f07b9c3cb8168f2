import { describe, expect, it } from 'vitest'
import { audioContentType, audioFileProblem, formatBytes } from './audioFiles'

describe('audio files', () => {
  it('sends MP3 and WAV with their content type, from the type or the extension', () => {
    expect(audioContentType({ name: 'a.mp3', type: 'audio/mpeg' })).toBe('audio/mpeg')
    expect(audioContentType({ name: 'a.MP3', type: '' })).toBe('audio/mpeg')
    expect(audioContentType({ name: 'a.wav', type: 'audio/x-wav' })).toBe('audio/wav')
    expect(audioContentType({ name: 'a.ogg', type: 'audio/ogg' })).toBeUndefined()
  })

  it('checks a file before it is sent', () => {
    expect(audioFileProblem({ name: 'a.mp3', type: 'audio/mpeg', size: 1000 })).toBeUndefined()
    expect(audioFileProblem({ name: 'a.mp3', type: 'audio/mpeg', size: 10 * 1024 * 1024 })).toBeUndefined()
    expect(audioFileProblem({ name: 'a.mp3', type: 'audio/mpeg', size: 10 * 1024 * 1024 + 1 })).toBe('“a.mp3” (10 MB) is over the 10 MB limit.')
    expect(audioFileProblem({ name: 'a.mp3', type: 'audio/mpeg', size: 0 })).toBe('“a.mp3” is empty.')
    expect(audioFileProblem({ name: 'a.txt', type: 'text/plain', size: 5 })).toBe('“a.txt” is not an MP3 or WAV file.')
  })

  it('formats sizes', () => {
    expect(formatBytes(900)).toBe('900 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(2_621_440)).toBe('2.5 MB')
  })
})
