import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { Invitation, InvitationCreated, Member, Members } from '@/api/members'
import { analystUser, signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'

function member(overrides: Partial<Member> = {}): Member {
  return {
    id: 1,
    username: 'sumit',
    email: 'sumit@example.com',
    firstName: 'Sumit',
    lastName: 'Kumar',
    role: 'owner',
    joinedAt: '2026-01-05T10:00:00Z',
    you: true,
    founder: true,
    ...overrides,
  }
}

function invitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: 9,
    email: 'new@example.com',
    role: 'manager',
    invitedAt: '2026-12-01T10:00:00Z',
    expiresAt: '2026-12-08T10:00:00Z',
    status: 'pending',
    ...overrides,
  }
}

const team: Members = {
  members: [
    member(),
    member({ id: 2, username: 'ana', email: 'ana@example.com', firstName: null, lastName: null, role: 'analyst', you: false, founder: false }),
  ],
  invitations: [invitation(), invitation({ id: 10, email: 'late@example.com', role: 'analyst', status: 'expired' })],
}

const admin = { ...signedInUser, role: 'admin' }

function renderTeam(user: unknown = signedInUser, routes: Parameters<typeof mockFetch>[0] = {}) {
  const fetchMock = mockFetch({
    'GET /api/auth/user': () => jsonResponse(user),
    'GET /api/settings/members': () => jsonResponse(team),
    ...routes,
  })
  renderWithProviders(<AppRoutes />, { path: '/settings/team' })
  return fetchMock
}

describe('Settings → Team', () => {
  it('lists the members with their badges and the open invitations', async () => {
    renderTeam()
    await screen.findByText('Sumit Kumar')
    const members = screen.getByRole('table', { name: 'Members' })
    const [owner, analyst] = within(members).getAllByRole('row').slice(1) as [HTMLElement, HTMLElement]
    expect(owner).toHaveTextContent('Sumit Kumar')
    expect(owner).toHaveTextContent('@sumit')
    expect(within(owner).getByText('You')).toBeInTheDocument()
    expect(within(owner).getByText('Founder')).toBeInTheDocument()
    // Neither yourself nor the founder can be removed.
    expect(within(owner).queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument()
    expect(analyst).toHaveTextContent('ana@example.com')
    expect(within(analyst).getByRole('combobox', { name: 'Role of ana' })).toHaveTextContent('Analyst')
    expect(within(analyst).getByRole('button', { name: 'Remove ana' })).toBeInTheDocument()

    const invitations = screen.getByRole('table', { name: 'Invitations' })
    const rows = within(invitations).getAllByRole('row').slice(1)
    expect(rows[0]).toHaveTextContent('new@example.com')
    expect(rows[0]).toHaveTextContent('Pending')
    expect(rows[1]).toHaveTextContent('Expired')
    expect(screen.getByRole('navigation', { name: 'Settings sections' }).querySelector('[aria-current="page"]')).toHaveTextContent('Team')
  })

  it('invites a member and shows the link once, with why it was not e-mailed', async () => {
    const created: InvitationCreated = {
      invitation: invitation({ id: 11, email: 'bob@example.com', role: 'analyst' }),
      link: 'http://localhost/invite/' + 'ab'.repeat(32),
      emailed: false,
      emailError: 'E-mail is not configured on this server',
    }
    const fetchMock = renderTeam(signedInUser, { 'POST /api/settings/members/invitations': () => jsonResponse(created, 201) })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Invite member' }))
    const dialog = await screen.findByRole('dialog', { name: 'Invite member' })
    // An owner may invite owners; each role says what it may do.
    expect(within(dialog).getByRole('radio', { name: /Owner/ })).toBeInTheDocument()
    expect(within(dialog).getByText('Reads everything and runs reports and exports, but changes nothing.')).toBeInTheDocument()

    await user.click(within(dialog).getByRole('button', { name: 'Create invitation' }))
    expect(await within(dialog).findByText('Enter the e-mail address to invite')).toBeInTheDocument()

    await user.type(within(dialog).getByLabelText(/E-mail address/), 'bob@example.com')
    await user.click(within(dialog).getByRole('radio', { name: /Analyst/ }))
    await user.click(within(dialog).getByRole('button', { name: 'Create invitation' }))

    const revealed = await screen.findByRole('dialog', { name: 'Invitation created' })
    expect(within(revealed).getByTestId('invitation-link')).toHaveTextContent(created.link)
    expect(within(revealed).getByRole('button', { name: 'Copy invitation link' })).toBeInTheDocument()
    expect(revealed).toHaveTextContent('The link was not e-mailed: send it to bob@example.com yourself.')
    expect(revealed).toHaveTextContent('E-mail is not configured on this server')
    expect(revealed).toHaveTextContent('it will not be shown again')
    expect(bodyOf(fetchMock, 'POST /api/settings/members/invitations')).toEqual({ email: 'bob@example.com', role: 'analyst' })

    await user.click(within(revealed).getByRole('button', { name: 'Done' }))
    await waitFor(() => expect(screen.queryByTestId('invitation-link')).not.toBeInTheDocument())
  })

  it('shows a refused invitation in the server’s words', async () => {
    renderTeam(signedInUser, {
      'POST /api/settings/members/invitations': () => errorResponse(409, 'CONFLICT', 'bob@example.com already has a sign-in'),
    })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Invite member' }))
    const dialog = await screen.findByRole('dialog', { name: 'Invite member' })
    await user.type(within(dialog).getByLabelText(/E-mail address/), 'bob@example.com')
    await user.click(within(dialog).getByRole('button', { name: 'Create invitation' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('bob@example.com already has a sign-in')
  })

  it('an admin is not offered the owner role, and cannot touch owners', async () => {
    renderTeam(admin)
    await screen.findByText('Sumit Kumar')
    const members = screen.getByRole('table', { name: 'Members' })
    const owner = within(members).getAllByRole('row')[1] as HTMLElement
    expect(within(owner).queryByRole('combobox')).not.toBeInTheDocument()
    expect(owner).toHaveTextContent('Owner')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Invite member' }))
    const dialog = await screen.findByRole('dialog', { name: 'Invite member' })
    expect(within(dialog).queryByRole('radio', { name: /Owner/ })).not.toBeInTheDocument()
    expect(within(dialog).getAllByRole('radio')).toHaveLength(3)
  })

  it('changes a role and shows a refusal inline', async () => {
    let refuse = false
    const fetchMock = renderTeam(signedInUser, {
      'PATCH /api/settings/members/2': () =>
        refuse ? errorResponse(409, 'CONFLICT', 'The account would be left without an owner') : jsonResponse(member({ id: 2, username: 'ana', role: 'manager' })),
    })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('combobox', { name: 'Role of ana' }))
    await user.click(await screen.findByRole('option', { name: 'Manager' }))
    await waitFor(() => expect(bodyOf(fetchMock, 'PATCH /api/settings/members/2')).toEqual({ role: 'manager' }))

    refuse = true
    await user.click(screen.getByRole('combobox', { name: 'Role of ana' }))
    await user.click(await screen.findByRole('option', { name: 'Admin' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not change the role of ana: The account would be left without an owner')
  })

  it('removes a member after confirming, and withdraws an invitation', async () => {
    const fetchMock = renderTeam(signedInUser, {
      'DELETE /api/settings/members/2': () => new Response(null, { status: 204 }),
      'DELETE /api/settings/members/invitations/9': () => new Response(null, { status: 204 }),
    })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Remove ana' }))
    const confirm = await screen.findByRole('alertdialog', { name: 'Remove this member?' })
    await user.click(within(confirm).getByRole('button', { name: 'Remove member' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toContain('DELETE /api/settings/members/2'))

    await user.click(screen.getByRole('button', { name: 'Withdraw the invitation of new@example.com' }))
    const withdraw = await screen.findByRole('alertdialog', { name: 'Withdraw this invitation?' })
    await user.click(within(withdraw).getByRole('button', { name: 'Withdraw invitation' }))
    await waitFor(() => expect(calledRoutes(fetchMock)).toContain('DELETE /api/settings/members/invitations/9'))
  })

  it('shows a refused removal in the dialog', async () => {
    renderTeam(signedInUser, {
      'DELETE /api/settings/members/2': () => errorResponse(409, 'CONFLICT', 'The last owner cannot be removed'),
    })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Remove ana' }))
    const confirm = await screen.findByRole('alertdialog', { name: 'Remove this member?' })
    await user.click(within(confirm).getByRole('button', { name: 'Remove member' }))
    expect(await within(confirm).findByRole('alert')).toHaveTextContent('The last owner cannot be removed')
  })

  it('an analyst sees the team but cannot invite, change roles, remove or withdraw', async () => {
    renderTeam(analystUser)
    await screen.findByText('Sumit Kumar')
    const members = screen.getByRole('table', { name: 'Members' })
    expect(within(members).queryByRole('combobox')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Invite member' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Withdraw/ })).not.toBeInTheDocument()
    expect(screen.getByText('Owners and admins manage the team.')).toBeInTheDocument()
  })

  it('API keys: a non-admin reads a plain sentence and the keys are not asked for', async () => {
    const fetchMock = mockFetch({ 'GET /api/auth/user': () => jsonResponse(analystUser) })
    renderWithProviders(<AppRoutes />, { path: '/settings/api-keys' })
    expect(await screen.findByText(/API keys are managed by the account's owners and admins/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Create API key' })).not.toBeInTheDocument()
    expect(calledRoutes(fetchMock, { withGets: true })).not.toContain('GET /api/settings/api-keys')
  })
})
