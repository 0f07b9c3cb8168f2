import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { AuditEntry } from '@/api/auditLog'
import type { Members } from '@/api/members'
import { analystUser, signedInUser } from '@/test/fixtures'
import { jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'

/** A user in New York: every time is shown in that zone. */
const newYorker = { ...signedInUser, timeZone: 'America/New_York' }

function entries(): AuditEntry[] {
  return [
    {
      id: 42,
      at: '2026-12-01T15:30:00Z',
      actor: 'sumit',
      actorUserId: 1,
      apiKeyId: null,
      ipAddress: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (Macintosh) Chrome/131',
      action: 'update buyers',
      method: 'PUT',
      path: '/api/buyers/7',
      status: 200,
      before: { name: 'Acme Insurance', payout: '25.00', priority: 3 },
      after: { name: 'Acme Insurance', payout: '30.00', priority: 3 },
      hash: 'ab'.repeat(32),
    },
    {
      id: 41,
      at: '2026-12-01T15:00:00Z',
      actor: 'API key 3',
      actorUserId: null,
      apiKeyId: 3,
      ipAddress: null,
      userAgent: null,
      action: 'delete campaigns',
      method: 'DELETE',
      path: '/api/campaigns/c-9',
      status: 403,
      before: null,
      after: null,
      hash: 'cd'.repeat(32),
    },
  ]
}

const members: Members = {
  members: [
    { id: 1, username: 'sumit', email: 'sumit@example.com', firstName: 'Sumit', lastName: null, role: 'owner', joinedAt: '2026-01-01T00:00:00Z', you: true, founder: true },
  ],
  invitations: [],
}

function renderAuditLog(verify: { valid: boolean; checked: number; firstBrokenId: number | null }) {
  const fetchMock = mockFetch({
    'GET /api/auth/user': () => jsonResponse(newYorker),
    'GET /api/settings/members': () => jsonResponse(members),
    'GET /api/audit-log': () => listResponse(entries(), 137),
    'GET /api/audit-log/verify': () => jsonResponse(verify),
  })
  renderWithProviders(<AppRoutes />, { path: '/settings/audit-log' })
  return fetchMock
}

describe('Settings → Audit log', () => {
  it('lists the entries in the user’s time zone, with the total and an export link', async () => {
    const fetchMock = renderAuditLog({ valid: true, checked: 137, firstBrokenId: null })
    const table = await screen.findByRole('table', { name: 'Audit log' })
    await within(table).findByText('update buyers')
    const [update, refused] = within(table).getAllByRole('row').slice(1) as [HTMLElement, HTMLElement]
    // 15:30 UTC = 10:30 AM in New York.
    expect(within(update).getByText(/^Dec 1,( 2026,)? 10:30 AM$/)).toHaveAttribute('title', 'Dec 1, 2026, 10:30 AM')
    expect(within(update).getByText('sumit')).toBeInTheDocument()
    expect(within(update).getByText('200')).toHaveClass('text-emerald-700')
    expect(within(update).getByText('/api/buyers/7')).toBeInTheDocument()
    expect(within(update).getByText('203.0.113.7')).toBeInTheDocument()
    expect(within(refused).getByText('API key 3')).toBeInTheDocument()
    expect(within(refused).getByText('403')).toHaveClass('text-red-700')
    expect(screen.getByText('Showing 1–50 of 137 entries')).toBeInTheDocument()
    expect(document.body.textContent).not.toMatch(/\d{4}-\d\d-\d\dT/)

    const url = new URL(String(fetchMock.mock.calls.find(([input]) => String(input).startsWith('/api/audit-log?'))?.[0]), 'http://localhost')
    expect(url.searchParams.get('limit')).toBe('50')
    expect(url.searchParams.get('offset')).toBe('0')
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/audit-log/export.csv')
  })

  it('filters by member and search, and the export link follows', async () => {
    const fetchMock = renderAuditLog({ valid: true, checked: 2, firstBrokenId: null })
    const user = userEvent.setup()
    await screen.findByText('update buyers')
    await user.type(screen.getByLabelText('Search'), 'buyers')
    await waitFor(() => expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/audit-log/export.csv?search=buyers'))
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([input]) => new URL(String(input), 'http://localhost').searchParams.get('search') === 'buyers')).toBe(true),
    )
  })

  it('expands an entry to its before and after, the changed key highlighted', async () => {
    renderAuditLog({ valid: true, checked: 2, firstBrokenId: null })
    const user = userEvent.setup()
    const table = await screen.findByRole('table', { name: 'Audit log' })
    await within(table).findByText('update buyers')
    expect(screen.queryByRole('group', { name: 'Changes of entry #42' })).not.toBeInTheDocument()

    // A click on the row opens it; the chevron button says so.
    await user.click(within(table).getByText('update buyers'))
    const details = await screen.findByRole('group', { name: 'Changes of entry #42' })
    expect(within(table).getByRole('button', { name: 'Hide changes of entry #42' })).toHaveAttribute('aria-expanded', 'true')
    const before = within(details).getByLabelText('Before')
    const after = within(details).getByLabelText('After')
    expect(before).toHaveTextContent('"payout": "25.00"')
    expect(after).toHaveTextContent('"payout": "30.00"')
    const marked = details.querySelectorAll('mark[data-changed]')
    expect(Array.from(marked).map((m) => m.textContent?.trim())).toEqual(['"payout": "25.00",', '"payout": "30.00",'])
    expect(details).toHaveTextContent('PUT /api/buyers/7')

    // The refused one has neither side.
    await user.click(within(table).getByRole('button', { name: 'Show changes of entry #41' }))
    const refused = await screen.findByRole('group', { name: 'Changes of entry #41' })
    expect(refused).toHaveTextContent('Nothing before')
    expect(screen.queryByRole('group', { name: 'Changes of entry #42' })).not.toBeInTheDocument()
  })

  it('checks the chain: intact', async () => {
    renderAuditLog({ valid: true, checked: 137, firstBrokenId: null })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Check integrity' }))
    expect(await screen.findByRole('status')).toHaveTextContent('All 137 entries intact')
  })

  it('checks the chain: broken', async () => {
    renderAuditLog({ valid: false, checked: 137, firstBrokenId: 17 })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Check integrity' }))
    expect(await screen.findByRole('status')).toHaveTextContent('Entry #17 was changed or an entry before it removed')
  })

  it('tells other roles the log is for owners and admins, asking nothing', async () => {
    const fetchMock = mockFetch({ 'GET /api/auth/user': () => jsonResponse(analystUser) })
    renderWithProviders(<AppRoutes />, { path: '/settings/audit-log' })
    expect(await screen.findByText('The audit log is for owners and admins of the account.')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Check integrity' })).not.toBeInTheDocument()
    expect(fetchMock.mock.calls.map(([input]) => String(input)).filter((u) => u.includes('audit-log'))).toEqual([])
  })
})
