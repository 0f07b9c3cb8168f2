import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Route, Routes } from 'react-router'
import { describe, expect, it } from 'vitest'
import type { InvitationPreview } from '@/api/members'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { InvitePage } from './InvitePage'

const token = 'ab'.repeat(32)
const preview: InvitationPreview = {
  email: 'bob@example.com',
  role: 'analyst',
  account: 'sumit',
  invitedBy: 'sumit',
  expiresAt: '2026-12-14T10:00:00Z',
}

function renderInvite(routes: Parameters<typeof mockFetch>[0]) {
  const fetchMock = mockFetch(routes)
  const rendered = renderWithProviders(
    <Routes>
      <Route path="/invite/:token" element={<InvitePage />} />
      <Route path="/" element={<p>Dashboard page</p>} />
      <Route path="/login" element={<p>Sign-in page</p>} />
    </Routes>,
    { path: `/invite/${token}` },
  )
  return { fetchMock, ...rendered }
}

async function fill(user: ReturnType<typeof userEvent.setup>, values: { username?: string; password?: string; confirm?: string }) {
  if (values.username !== undefined) await user.type(screen.getByLabelText(/^Username/), values.username)
  if (values.password !== undefined) await user.type(screen.getByLabelText(/^Password/), values.password)
  if (values.confirm !== undefined) await user.type(screen.getByLabelText(/^Confirm password/), values.confirm)
}

describe('InvitePage', () => {
  it('says who invited whom to which account as which role', async () => {
    renderInvite({ [`GET /api/auth/invitations/${token}`]: () => jsonResponse(preview) })
    expect(await screen.findByRole('heading', { level: 1, name: 'Join sumit' })).toBeInTheDocument()
    expect(screen.getByText(/sumit invited bob@example.com to the account sumit as analyst/)).toBeInTheDocument()
    expect(screen.getByText('Reads everything and runs reports and exports, but changes nothing.')).toBeInTheDocument()
    expect(screen.getByLabelText(/^First name/)).toBeInTheDocument()
    expect(screen.getByLabelText(/^Last name/)).toBeInTheDocument()
  })

  it('checks the fields before sending, then puts the server’s refusals on their fields', async () => {
    let answer = () => errorResponse(422, 'VALIDATION_ERROR', 'Invalid username', { field: 'username', reason: 'Use letters, digits, _ . or -' })
    const { fetchMock } = renderInvite({
      [`GET /api/auth/invitations/${token}`]: () => jsonResponse(preview),
      [`POST /api/auth/invitations/${token}/accept`]: () => answer(),
    })
    const user = userEvent.setup()
    await screen.findByRole('heading', { level: 1, name: 'Join sumit' })
    await user.click(screen.getByRole('button', { name: 'Join sumit' }))
    expect(await screen.findByText('At least 3 characters')).toBeInTheDocument()
    expect(screen.getByText('At least 8 characters')).toBeInTheDocument()

    await fill(user, { username: 'bob', password: 'longenough', confirm: 'different1' })
    await user.click(screen.getByRole('button', { name: 'Join sumit' }))
    expect(await screen.findByText('The passwords do not match')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([])

    await user.clear(screen.getByLabelText(/^Confirm password/))
    await fill(user, { confirm: 'longenough' })
    await user.click(screen.getByRole('button', { name: 'Join sumit' }))
    expect(await screen.findByText('Use letters, digits, _ . or -')).toBeInTheDocument()
    expect(screen.getByLabelText(/^Username/)).toHaveAttribute('aria-invalid', 'true')

    answer = () => errorResponse(409, 'CONFLICT', 'The username bob is taken')
    await user.click(screen.getByRole('button', { name: 'Join sumit' }))
    expect(await screen.findByText('The username bob is taken')).toBeInTheDocument()
    expect(bodyOf(fetchMock, `POST /api/auth/invitations/${token}/accept`)).toEqual({
      username: 'bob',
      password: 'longenough',
      firstName: null,
      lastName: null,
    })
  })

  it('accepts and goes into the app', async () => {
    const { fetchMock } = renderInvite({
      [`GET /api/auth/invitations/${token}`]: () => jsonResponse(preview),
      [`POST /api/auth/invitations/${token}/accept`]: () => jsonResponse({ success: true, user: { id: 5, username: 'bob' } }, 201),
    })
    const user = userEvent.setup()
    await screen.findByRole('heading', { level: 1, name: 'Join sumit' })
    await fill(user, { username: 'bob', password: 'longenough', confirm: 'longenough' })
    await user.type(screen.getByLabelText(/^First name/), 'Bob')
    await user.click(screen.getByRole('button', { name: 'Join sumit' }))
    expect(await screen.findByText('Dashboard page')).toBeInTheDocument()
    await waitFor(() =>
      expect(bodyOf(fetchMock, `POST /api/auth/invitations/${token}/accept`)).toEqual({ username: 'bob', password: 'longenough', firstName: 'Bob', lastName: null }),
    )
  })

  it('an invalid or expired link says so and links to sign in', async () => {
    renderInvite({
      [`GET /api/auth/invitations/${token}`]: () => errorResponse(404, 'NOT_FOUND', 'This invitation is no longer valid: ask for a new one'),
    })
    expect(await screen.findByRole('heading', { level: 1, name: 'Invitation not valid' })).toBeInTheDocument()
    expect(screen.getByRole('alert')).toHaveTextContent('This invitation is no longer valid: ask for a new one')
    expect(screen.getByRole('link', { name: 'Go to sign in' })).toHaveAttribute('href', '/login')
    expect(screen.queryByLabelText(/^Username/)).not.toBeInTheDocument()
  })
})
