import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Route, Routes } from 'react-router'
import { describe, expect, it } from 'vitest'
import { jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { LoginPage } from './LoginPage'

const notSignedIn = () => jsonResponse({ error: { code: 'UNAUTHORIZED', message: 'Not signed in' } }, 401)

function renderLogin() {
  return renderWithProviders(
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/" element={<p>Home page</p>} />
      <Route path="/campaigns" element={<p>Campaigns page</p>} />
    </Routes>,
    { path: '/login' },
  )
}

/** The calls other than the page's own session check. */
function loginCalls(fetchMock: ReturnType<typeof mockFetch>) {
  return fetchMock.mock.calls.filter(([url]) => String(url) !== '/api/auth/user')
}

describe('LoginPage', () => {
  it('shows the product name and the form', () => {
    renderLogin()
    expect(screen.getByText('CallCenter Pro')).toBeInTheDocument()
    expect(screen.getByLabelText('Username')).toBeInTheDocument()
    expect(screen.getByLabelText('Password')).toHaveAttribute('type', 'password')
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument()
  })

  it('requires both fields before calling the server', async () => {
    const fetchMock = mockFetch({ 'GET /api/auth/user': notSignedIn })
    renderLogin()
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Enter your username')).toBeInTheDocument()
    expect(screen.getByText('Enter your password')).toBeInTheDocument()
    expect(screen.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true')
    expect(loginCalls(fetchMock)).toHaveLength(0)
  })

  it("shows the server's 401 message in an alert", async () => {
    const fetchMock = mockFetch({
      'GET /api/auth/user': notSignedIn,
      'POST /api/auth/login': () =>
        jsonResponse({ error: { code: 'UNAUTHORIZED', message: 'Invalid username or password' } }, 401),
    })
    renderLogin()
    await userEvent.type(screen.getByLabelText('Username'), 'sumit')
    await userEvent.type(screen.getByLabelText('Password'), 'wrong')
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))

    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid username or password')
    expect(loginCalls(fetchMock)).toHaveLength(1)
    expect(screen.queryByText('Home page')).not.toBeInTheDocument()
  })

  it('shows the 429 message with the wait time', async () => {
    mockFetch({
      'POST /api/auth/login': () =>
        new Response(JSON.stringify({ error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many login attempts.' } }), {
          status: 429,
          headers: { 'Content-Type': 'application/json', 'Retry-After': '30' },
        }),
    })
    renderLogin()
    await userEvent.type(screen.getByLabelText('Username'), 'sumit')
    await userEvent.type(screen.getByLabelText('Password'), 'x')
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many login attempts. Try again in 30 seconds.')
  })

  it('goes to the dashboard after signing in', async () => {
    mockFetch({
      'POST /api/auth/login': () =>
        jsonResponse({ success: true, user: { id: 1, username: 'sumit', email: 'sumit@example.com' } }),
    })
    renderLogin()
    await userEvent.type(screen.getByLabelText('Username'), 'sumit')
    await userEvent.type(screen.getByLabelText('Password'), 'demo123')
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Home page')).toBeInTheDocument()
  })

  it('sends a visitor who is already signed in to the dashboard', async () => {
    mockFetch({ 'GET /api/auth/user': () => jsonResponse({ id: 1, username: 'sumit', email: null, timeZone: 'UTC' }) })
    renderLogin()
    expect(await screen.findByText('Home page')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Sign in' })).not.toBeInTheDocument()
  })

  it('sends a signed-in visitor to the page first asked for', async () => {
    mockFetch({ 'GET /api/auth/user': () => jsonResponse({ id: 1, username: 'sumit', email: null, timeZone: 'UTC' }) })
    renderWithProviders(
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/" element={<p>Home page</p>} />
        <Route path="/campaigns" element={<p>Campaigns page</p>} />
      </Routes>,
      { path: '/login', state: { from: { pathname: '/campaigns', search: '', hash: '' } } },
    )
    expect(await screen.findByText('Campaigns page')).toBeInTheDocument()
  })
})
