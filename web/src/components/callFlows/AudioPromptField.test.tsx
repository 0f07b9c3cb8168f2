import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { AudioFile } from '@/api/audioFiles'
import type { CallFlow } from '@/api/callFlows'
import { AppRoutes } from '@/App'
import { signedInUser } from '@/test/fixtures'
import { calledRoutes, errorResponse, jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

const session = { 'GET /api/auth/user': () => jsonResponse(signedInUser) }

function flow(overrides: Partial<CallFlow> = {}): CallFlow {
  return {
    id: 4,
    name: 'Medicare intake',
    description: null,
    status: 'draft',
    publishedVersion: null,
    versions: 0,
    nodeCount: 2,
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-01-05T10:00:00Z',
    graph: {
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 } },
        { id: 'play_1', type: 'play', data: { prompt: { kind: 'audio', url: '' }, loops: 1 }, position: { x: 300, y: 0 } },
      ],
      edges: [{ id: 'e_start_next', source: 'start', sourceHandle: 'next', target: 'play_1' }],
    },
    problems: [{ nodeId: 'play_1', field: null, message: 'output "next" is not connected' }],
    campaigns: [],
    numbers: [],
    ...overrides,
  }
}

function audioFile(overrides: Partial<AudioFile> = {}): AudioFile {
  return {
    id: 9,
    name: 'hold-music.mp3',
    contentType: 'audio/mpeg',
    sizeBytes: 2_621_440,
    url: 'https://calls.example.com/media/audio/abc123.mp3',
    createdAt: '2026-01-05T10:00:00Z',
    ...overrides,
  }
}

/** Opens the Play node's properties (from the problems list: clicking a node needs a real browser). */
async function openPlayNode(user: ReturnType<typeof userEvent.setup>) {
  renderWithProviders(<AppRoutes />, { path: '/call-flows/4' })
  await user.click(await screen.findByRole('tab', { name: /Problems/ }))
  await user.click(await screen.findByRole('button', { name: 'play_1' }))
  return screen.findByRole('region', { name: 'Properties of play_1' })
}

function lastPutPrompt(fetchMock: { mock: { calls: unknown[][] } }): unknown {
  const puts = fetchMock.mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'PUT')
  const body = JSON.parse(String((puts.at(-1)?.[1] as RequestInit).body)) as { graph: { nodes: { id: string; data?: { prompt?: unknown } }[] } }
  return body.graph.nodes.find((n) => n.id === 'play_1')?.data?.prompt
}

const mp3 = () => new File([new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0])], 'welcome.mp3', { type: 'audio/mpeg' })

describe('audio prompt', () => {
  it('uploads an MP3 as raw bytes and fills the prompt’s URL with the file’s', async () => {
    const uploaded = audioFile({ id: 10, name: 'welcome.mp3', sizeBytes: 10, url: 'https://calls.example.com/media/audio/new.mp3' })
    const fetchMock = mockFetch({
      ...session,
      'GET /api/call-flows/4': () => jsonResponse(flow()),
      'PUT /api/call-flows/4': () => jsonResponse(flow()),
      'GET /api/audio-files': () => listResponse([audioFile()]),
      'POST /api/audio-files': () => jsonResponse(uploaded, 201),
    })
    const user = userEvent.setup()
    const panel = await openPlayNode(user)
    expect(within(panel).getByRole('combobox', { name: 'Kind' })).toHaveTextContent('Audio file')

    await user.upload(within(panel).getByLabelText('Upload MP3/WAV'), mp3())
    expect(await within(panel).findByText(/Uploaded welcome.mp3 \(10 B\): its URL is filled in/)).toBeInTheDocument()
    expect(within(panel).getByRole('textbox', { name: 'Audio URL' })).toHaveValue(uploaded.url)
    expect(panel.querySelector('audio')).toHaveAttribute('src', uploaded.url)

    const [input, init] = fetchMock.mock.calls.find(([, i]) => (i as RequestInit | undefined)?.method === 'POST')! as [string, RequestInit]
    expect(new URL(input, 'http://localhost').searchParams.get('name')).toBe('welcome.mp3')
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('audio/mpeg')
    expect(init.credentials).toBe('same-origin')
    expect(init.body).toBeInstanceOf(File)

    await waitFor(() => expect(calledRoutes(fetchMock)).toContain('PUT /api/call-flows/4'), { timeout: 4000 })
    await waitFor(() => expect(lastPutPrompt(fetchMock)).toEqual({ kind: 'audio', url: uploaded.url }), { timeout: 4000 })
  })

  it('picks an uploaded file (listed with its size) to fill the URL', async () => {
    const fetchMock = mockFetch({
      ...session,
      'GET /api/call-flows/4': () => jsonResponse(flow()),
      'PUT /api/call-flows/4': () => jsonResponse(flow()),
      'GET /api/audio-files': () => listResponse([audioFile()]),
    })
    const user = userEvent.setup()
    const panel = await openPlayNode(user)
    const picker = within(panel).getByRole('combobox', { name: 'Uploaded files' })
    await waitFor(() => expect(picker).toBeEnabled())
    await user.click(picker)
    await user.click(await screen.findByRole('option', { name: 'hold-music.mp3 · 2.5 MB' }))
    expect(within(panel).getByRole('textbox', { name: 'Audio URL' })).toHaveValue('https://calls.example.com/media/audio/abc123.mp3')
    await waitFor(() => expect(lastPutPrompt(fetchMock)).toEqual({ kind: 'audio', url: 'https://calls.example.com/media/audio/abc123.mp3' }), { timeout: 4000 })
  })

  it('refuses a file that is too large or not MP3/WAV before sending, and shows the server’s refusal', async () => {
    const fetchMock = mockFetch({
      ...session,
      'GET /api/call-flows/4': () => jsonResponse(flow()),
      'PUT /api/call-flows/4': () => jsonResponse(flow()),
      'GET /api/audio-files': () => listResponse([]),
      'POST /api/audio-files': () => errorResponse(422, 'VALIDATION_ERROR', 'Invalid audio file', { field: 'body', reason: 'not an MP3 or WAV file' }),
    })
    const user = userEvent.setup({ applyAccept: false })
    const panel = await openPlayNode(user)
    expect(within(panel).getByRole('combobox', { name: 'Uploaded files' })).toHaveTextContent('No file uploaded yet')
    const input = within(panel).getByLabelText('Upload MP3/WAV')

    await user.upload(input, new File(['hello'], 'notes.txt', { type: 'text/plain' }))
    expect(await within(panel).findByRole('alert')).toHaveTextContent('“notes.txt” is not an MP3 or WAV file.')

    const big = mp3()
    Object.defineProperty(big, 'size', { value: 11 * 1024 * 1024 })
    await user.upload(input, big)
    expect(await within(panel).findByRole('alert')).toHaveTextContent('“welcome.mp3” (11 MB) is over the 10 MB limit.')
    expect(calledRoutes(fetchMock)).not.toContain('POST /api/audio-files')

    await user.upload(input, mp3())
    expect(await within(panel).findByRole('alert')).toHaveTextContent('“welcome.mp3” could not be uploaded: not an MP3 or WAV file')
    expect(within(panel).getByRole('textbox', { name: 'Audio URL' })).toHaveValue('')
  })
})
