import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import { queryKeys } from '@/api/queryKeys'
import { jsonResponse, mockFetch, renderWithProviders } from '@/test/render'

const user = { id: 1, username: 'sumit', email: 'sumit@example.com', timeZone: 'UTC' }

describe('top bar', () => {
  it('opens a help panel that says the assistant is not built and links to the API docs', async () => {
    mockFetch({ 'GET /api/auth/user': () => jsonResponse(user) })
    renderWithProviders(<AppRoutes />, { path: '/settings' })
    await userEvent.click(await screen.findByRole('button', { name: 'Help' }))
    const dialog = await screen.findByRole('dialog')
    expect(dialog).toHaveTextContent('The AI help assistant is not built yet')
    expect(screen.getByRole('link', { name: /API docs/ })).toHaveAttribute('href', '/api/docs')
  })

  it('signs out from the user menu: logout call, cache cleared, back to /login', async () => {
    let signedIn = true
    const fetchMock = mockFetch({
      'GET /api/auth/user': () =>
        signedIn ? jsonResponse(user) : jsonResponse({ error: { code: 'UNAUTHORIZED', message: 'Not signed in' } }, 401),
      'POST /api/auth/logout': () => {
        signedIn = false
        return jsonResponse({ success: true })
      },
    })
    const { queryClient } = renderWithProviders(<AppRoutes />, { path: '/settings' })

    const trigger = await screen.findByRole('button', { name: /sumit/ })
    trigger.focus()
    await userEvent.keyboard('{Enter}')
    expect(await screen.findByText('sumit@example.com')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('menuitem', { name: 'Sign out' }))

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    expect(fetchMock).toHaveBeenCalledWith('/api/auth/logout', expect.objectContaining({ method: 'POST' }))
    expect(queryClient.getQueryData(queryKeys.currentUser)).toBeUndefined()
  })
})
