import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Route, Routes } from 'react-router'
import { describe, expect, it } from 'vitest'
import { bodyOf, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
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

describe('LoginPage, two-factor step', () => {
  const challenge = { twoFactorRequired: true, challenge: 'c0ffee', expiresAt: new Date(Date.now() + 5 * 60_000).toISOString() }
  const signedIn = () => jsonResponse({ success: true, user: { id: 1, username: 'sumit', email: 'sumit@example.com' } })

  async function passwordStep() {
    await userEvent.type(screen.getByLabelText('Username'), 'sumit')
    await userEvent.type(screen.getByLabelText('Password'), 'demo123')
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    return screen.findByRole('heading', { level: 1, name: 'Two-factor sign-in' })
  }

  it('asks for the code after the password, refuses a wrong one inline, then signs in', async () => {
    let attempts = 0
    const fetchMock = mockFetch({
      'GET /api/auth/user': notSignedIn,
      'POST /api/auth/login': () => jsonResponse(challenge, 202),
      'POST /api/auth/two-factor': () =>
        ++attempts === 1
          ? errorResponse(401, 'UNAUTHORIZED', 'The code is not valid: use the current code from your app, or a recovery code')
          : signedIn(),
    })
    renderLogin()
    await passwordStep()
    expect(screen.getByText(/^Enter the 6-digit code from your authenticator app\./)).toBeInTheDocument()
    const code = screen.getByLabelText('Authentication code')
    expect(code).toHaveAttribute('autocomplete', 'one-time-code')
    expect(code).toHaveAttribute('inputmode', 'numeric')
    expect(code).toHaveFocus()

    // Too short: refused before asking the server.
    await userEvent.type(code, '123')
    await userEvent.click(screen.getByRole('button', { name: 'Verify and sign in' }))
    expect(await screen.findByText('Enter all 6 digits of the code')).toBeInTheDocument()
    expect(fetchMock.mock.calls.filter(([url]) => String(url) === '/api/auth/two-factor')).toHaveLength(0)

    await userEvent.clear(code)
    await userEvent.type(code, '111 111')
    await userEvent.click(screen.getByRole('button', { name: 'Verify and sign in' }))
    expect(await screen.findByText(/^The code is not valid/)).toBeInTheDocument()
    expect(screen.getByLabelText('Authentication code')).toHaveAttribute('aria-invalid', 'true')
    expect(bodyOf(fetchMock, 'POST /api/auth/two-factor')).toEqual({ challenge: 'c0ffee', code: '111111' })

    await userEvent.type(screen.getByLabelText('Authentication code'), '654321')
    await userEvent.click(screen.getByRole('button', { name: 'Verify and sign in' }))
    expect(await screen.findByText('Home page')).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'POST /api/auth/two-factor', 1)).toEqual({ challenge: 'c0ffee', code: '654321' })
  })

  it('signs in with a recovery code instead', async () => {
    const fetchMock = mockFetch({
      'GET /api/auth/user': notSignedIn,
      'POST /api/auth/login': () => jsonResponse(challenge, 202),
      'POST /api/auth/two-factor': () => signedIn(),
    })
    renderLogin()
    await passwordStep()
    await userEvent.click(screen.getByRole('button', { name: 'Use a recovery code instead' }))
    const recovery = screen.getByLabelText('Recovery code')
    expect(recovery).not.toHaveAttribute('autocomplete', 'one-time-code')
    await userEvent.type(recovery, ' K7M2Q-9XW4P ')
    await userEvent.click(screen.getByRole('button', { name: 'Verify and sign in' }))
    expect(await screen.findByText('Home page')).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'POST /api/auth/two-factor')).toEqual({ challenge: 'c0ffee', recoveryCode: 'k7m2q-9xw4p' })
  })

  it('goes back to the password step when the challenge has ended, keeping the username', async () => {
    let logins = 0
    mockFetch({
      'GET /api/auth/user': notSignedIn,
      'POST /api/auth/login': () => {
        logins += 1
        return jsonResponse(challenge, 202)
      },
      'POST /api/auth/two-factor': () => errorResponse(401, 'UNAUTHORIZED', 'This sign-in attempt has ended: sign in again'),
    })
    renderLogin()
    await passwordStep()
    await userEvent.type(screen.getByLabelText('Authentication code'), '123456')
    await userEvent.click(screen.getByRole('button', { name: 'Verify and sign in' }))

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument()
    expect(screen.getByRole('alert')).toHaveTextContent('This sign-in attempt has ended: sign in again')
    expect(screen.getByLabelText('Username')).toHaveValue('sumit')
    expect(screen.getByLabelText('Password')).toHaveValue('')
    await waitFor(() => expect(screen.getByLabelText('Password')).toHaveFocus())

    // Signing in again asks for a code again.
    await userEvent.type(screen.getByLabelText('Password'), 'demo123')
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Two-factor sign-in' })).toBeInTheDocument()
    expect(logins).toBe(2)
  })

  it('"Back to sign in" returns to the password step', async () => {
    mockFetch({ 'GET /api/auth/user': notSignedIn, 'POST /api/auth/login': () => jsonResponse(challenge, 202) })
    renderLogin()
    await passwordStep()
    await userEvent.click(screen.getByRole('button', { name: 'Back to sign in' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('shows a throttled attempt with its wait time', async () => {
    mockFetch({
      'GET /api/auth/user': notSignedIn,
      'POST /api/auth/login': () => jsonResponse(challenge, 202),
      'POST /api/auth/two-factor': () =>
        jsonResponse({ error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many attempts; try again later', retryAfter: 60 } }, 429),
    })
    renderLogin()
    await passwordStep()
    await userEvent.type(screen.getByLabelText('Authentication code'), '123456')
    await userEvent.click(screen.getByRole('button', { name: 'Verify and sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts; try again later Try again in 60 seconds.')
    expect(screen.getByRole('heading', { level: 1, name: 'Two-factor sign-in' })).toBeInTheDocument()
  })
})
