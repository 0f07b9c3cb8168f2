import { renderHook, screen, waitFor, within } from '@testing-library/react'
import { QueryClientProvider } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import { queryKeys } from '@/api/queryKeys'
import { createQueryClient } from '@/lib/queryClient'
import { analystUser, campaignSummary, signedInUser } from '@/test/fixtures'
import { jsonResponse, listResponse, mockFetch, renderWithProviders } from '@/test/render'
import { usePermissions } from './usePermissions'

function hookWith(user: unknown) {
  const queryClient = createQueryClient()
  queryClient.setQueryData(queryKeys.currentUser, user)
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  return renderHook(() => usePermissions(), { wrapper }).result.current
}

describe('usePermissions', () => {
  it('reads the role and each area’s access from the signed-in user', () => {
    const analyst = hookWith(analystUser)
    expect(analyst.role).toBe('analyst')
    expect(analyst.canRead('campaigns')).toBe(true)
    expect(analyst.canWrite('campaigns')).toBe(false)
    expect(analyst.canRead('apiKeys')).toBe(false)
    expect(analyst.denied('campaigns')).toBe('Your role (analyst) cannot change campaigns')

    const owner = hookWith(signedInUser)
    expect(owner.canWrite('campaigns')).toBe(true)
    expect(owner.canWrite('members')).toBe(true)
  })

  it('allows everything while the user is unknown (the server stays the judge)', () => {
    const unknown = hookWith(undefined)
    expect(unknown.canWrite('campaigns')).toBe(true)
  })
})

function campaignsFor(user: unknown) {
  mockFetch({
    'GET /api/auth/user': () => jsonResponse(user),
    'GET /api/campaigns': () => listResponse([campaignSummary()]),
  })
  renderWithProviders(<AppRoutes />, { path: '/campaigns' })
}

describe('role-aware Campaigns page', () => {
  it('an analyst sees the campaigns but no "Create Campaign", edit or delete, and their role in the top bar', async () => {
    campaignsFor(analystUser)
    expect(await screen.findByRole('link', { name: 'Spring Promo' })).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Create Campaign' })).not.toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Edit Spring Promo' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Delete Spring Promo' })).not.toBeInTheDocument()
    const note = screen.getByTestId('read-only-note')
    expect(note).toHaveAttribute('title', 'Your role (analyst) cannot change campaigns')
    expect(within(screen.getByRole('banner')).getByTestId('user-role')).toHaveTextContent('Analyst')
  })

  it('an owner sees "Create Campaign" and the row actions', async () => {
    campaignsFor(signedInUser)
    expect(await screen.findByRole('link', { name: 'Spring Promo' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Create Campaign' })).toHaveAttribute('href', '/campaigns/new')
    expect(screen.getByRole('link', { name: 'Edit Spring Promo' })).toBeInTheDocument()
    expect(screen.queryByTestId('read-only-note')).not.toBeInTheDocument()
  })

  it('an analyst opening /campaigns/new is told their role cannot change campaigns', async () => {
    mockFetch({ 'GET /api/auth/user': () => jsonResponse(analystUser) })
    renderWithProviders(<AppRoutes />, { path: '/campaigns/new' })
    expect(await screen.findByRole('note')).toHaveTextContent('Your role (analyst) cannot change campaigns.')
    await waitFor(() => expect(screen.queryByRole('button', { name: /Next/ })).not.toBeInTheDocument())
  })
})
