import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import type { TwoFactorStatus } from '@/api/twoFactor'
import type { CurrentUser } from '@/api/types'
import { analystUser, signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'
import { recoveryCodesText } from './RecoveryCodesReveal'
import { groupSecret, qrImageSource } from './TwoFactorSetupDialog'

const SECRET = 'K3474NB52BAZUYQYRYGA2M6WVB4IN3JT'
const QR_SVG = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect id="qr-marker" width="10" height="10"/></svg>'
const CODES = ['ueeuu-t8np9', 'np3nr-gm5tu', '44sue-ztv26', 'm7mw2-beu98', 'cart7-k354m', 'd7v6p-5p9rw', 'z3kws-dwz5z', '8s5b2-ag7nh', 'ssbyb-fes3u', 'x6z4b-uvnqz']

const off: TwoFactorStatus = { enabled: false, enabledAt: null, recoveryCodesLeft: 0, requiredByAccount: false }
const on: TwoFactorStatus = { enabled: true, enabledAt: '2026-12-01T09:00:00Z', recoveryCodesLeft: 10, requiredByAccount: false }

function renderTwoFactor({
  user = signedInUser as CurrentUser,
  initial = off,
  requireTwoFactor = false,
}: { user?: CurrentUser; initial?: TwoFactorStatus; requireTwoFactor?: boolean } = {}) {
  let status = initial
  let required = requireTwoFactor
  const fetchMock = mockFetch({
    'GET /api/auth/user': () => jsonResponse(user),
    'GET /api/settings/sessions': () => jsonResponse([]),
    'GET /api/settings/sign-ins': () => jsonResponse([]),
    'GET /api/settings/two-factor': () => jsonResponse({ ...status, requiredByAccount: required }),
    'POST /api/settings/two-factor/setup': () => jsonResponse({ secret: SECRET, otpauthUrl: `otpauth://totp/CallCenter%20Pro:sumit?secret=${SECRET}`, qrSvg: QR_SVG }),
    'POST /api/settings/two-factor/enable': (init) => {
      const { code } = JSON.parse(String(init?.body)) as { code: string }
      if (code !== '246810') {
        return errorResponse(422, 'VALIDATION_ERROR', 'Invalid code: does not match', { field: 'code', reason: "does not match: check the device's clock and try the next code" })
      }
      status = { ...on, enabledAt: new Date().toISOString() }
      return jsonResponse({ recoveryCodes: CODES })
    },
    'POST /api/settings/two-factor/disable': (init) => {
      const { password } = JSON.parse(String(init?.body)) as { password: string }
      if (password !== 'demo123') return errorResponse(422, 'VALIDATION_ERROR', 'Invalid password: is not correct', { field: 'password', reason: 'is not correct' })
      if (required) return errorResponse(409, 'CONFLICT', 'Your account requires two-factor sign-in: it cannot be turned off')
      status = off
      return jsonResponse({ ...off, requiredByAccount: required })
    },
    'POST /api/settings/two-factor/recovery-codes': () => {
      status = { ...status, recoveryCodesLeft: 10 }
      return jsonResponse({ recoveryCodes: CODES.map((c) => c.split('').reverse().join('')) })
    },
    'GET /api/settings/security': () => jsonResponse({ requireTwoFactor: required }),
    'PUT /api/settings/security': (init) => {
      if (user.role !== 'owner') return errorResponse(403, 'FORBIDDEN', 'Your role cannot do this')
      required = (JSON.parse(String(init?.body)) as { requireTwoFactor: boolean }).requireTwoFactor
      return jsonResponse({ requireTwoFactor: required })
    },
  })
  return { fetchMock, ...renderWithProviders(<AppRoutes />, { path: '/settings/security' }) }
}

describe('two-factor helpers', () => {
  it('groups the secret in fours and never puts the SVG into the DOM as markup', () => {
    expect(groupSecret(SECRET)).toBe('K347 4NB5 2BAZ UYQY RYGA 2M6W VB4I N3JT')
    expect(qrImageSource('<svg a="b"/>')).toBe('data:image/svg+xml;utf8,%3Csvg%20a%3D%22b%22%2F%3E')
    expect(recoveryCodesText(['a', 'b'], 'sumit', new Date('2026-12-07T00:00:00Z'))).toBe(
      'CallCenter Pro recovery codes for sumit\nMade 2026-12-07. Each code signs you in once when you cannot use your authenticator app.\n\na\nb\n',
    )
  })
})

describe('Settings → Security → two-factor authentication', () => {
  it('turns on two-factor sign-in: QR code and key, a first code, then the recovery codes shown once', async () => {
    const { fetchMock } = renderTwoFactor()
    const user = userEvent.setup()
    const card = await screen.findByRole('region', { name: 'Two-factor authentication' })
    await user.click(await within(card).findByRole('button', { name: 'Turn on' }))

    const dialog = await screen.findByRole('dialog', { name: 'Turn on two-factor sign-in' })
    const qr = await within(dialog).findByRole('img', { name: /QR code/ })
    expect(qr).toHaveAttribute('src', qrImageSource(QR_SVG))
    // The SVG is an image's source, never markup in the page.
    expect(document.getElementById('qr-marker')).toBeNull()
    expect(within(dialog).getByTestId('two-factor-secret')).toHaveTextContent('K347 4NB5 2BAZ UYQY RYGA 2M6W VB4I N3JT')
    expect(within(dialog).getByRole('button', { name: 'Copy key' })).toBeInTheDocument()

    const code = within(dialog).getByLabelText('2. Enter the 6-digit code the app shows')
    expect(code).toHaveAttribute('autocomplete', 'one-time-code')
    expect(code).toHaveAttribute('inputmode', 'numeric')
    await user.type(code, '111111')
    await user.click(within(dialog).getByRole('button', { name: 'Turn on' }))
    expect(await within(dialog).findByText("Code does not match: check the device's clock and try the next code")).toBeInTheDocument()
    expect(code).toHaveAttribute('aria-invalid', 'true')

    await user.type(code, '246 810')
    await user.click(within(dialog).getByRole('button', { name: 'Turn on' }))
    const codesDialog = await screen.findByRole('dialog', { name: 'Save your recovery codes' })
    expect(bodyOf(fetchMock, 'POST /api/settings/two-factor/enable', 1)).toEqual({ code: '246810' })
    const list = within(codesDialog).getByRole('list', { name: 'Recovery codes' })
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(CODES)
    expect(within(codesDialog).getByRole('button', { name: 'Copy codes' })).toBeInTheDocument()
    expect(within(codesDialog).getByRole('button', { name: 'Download .txt' })).toBeInTheDocument()

    // Not closed before the codes are saved.
    const done = within(codesDialog).getByRole('button', { name: 'Done' })
    expect(done).toBeDisabled()
    await user.keyboard('{Escape}')
    expect(await within(codesDialog).findByText(/tick this box first/)).toBeInTheDocument()
    expect(screen.getByRole('dialog', { name: 'Save your recovery codes' })).toBeInTheDocument()

    await user.click(within(codesDialog).getByRole('checkbox', { name: 'I have saved my recovery codes' }))
    await user.click(done)
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    // Shown once: gone from the page.
    expect(screen.queryByText(CODES[0]!)).not.toBeInTheDocument()
    expect(await within(card).findByText('On')).toBeInTheDocument()
    expect(within(card).getByText(/^On since /)).toBeInTheDocument()
    expect(within(card).getByText('10 recovery codes left')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([
      'POST /api/settings/two-factor/setup',
      'POST /api/settings/two-factor/enable',
      'POST /api/settings/two-factor/enable',
    ])
  })

  it('turns off with the password, refusing a wrong one inline', async () => {
    const { fetchMock } = renderTwoFactor({ initial: on })
    const user = userEvent.setup()
    const card = await screen.findByRole('region', { name: 'Two-factor authentication' })
    await user.click(await within(card).findByRole('button', { name: 'Turn off' }))
    const dialog = await screen.findByRole('dialog', { name: 'Turn off two-factor sign-in?' })
    await user.type(within(dialog).getByLabelText('Password'), 'nope')
    await user.click(within(dialog).getByRole('button', { name: 'Turn off' }))
    expect(await within(dialog).findByText('Password is not correct')).toBeInTheDocument()
    await user.clear(within(dialog).getByLabelText('Password'))
    await user.type(within(dialog).getByLabelText('Password'), 'demo123')
    await user.click(within(dialog).getByRole('button', { name: 'Turn off' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(await within(card).findByRole('button', { name: 'Turn on' })).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'POST /api/settings/two-factor/disable', 1)).toEqual({ password: 'demo123' })
  })

  it('explains why it cannot be turned off when the account requires it', async () => {
    const { fetchMock } = renderTwoFactor({ initial: on, requireTwoFactor: true })
    const user = userEvent.setup()
    const card = await screen.findByRole('region', { name: 'Two-factor authentication' })
    expect(await within(card).findByText('Your account requires two-factor sign-in, so it cannot be turned off.')).toBeInTheDocument()
    await user.click(within(card).getByRole('button', { name: 'Turn off' }))
    const dialog = await screen.findByRole('alertdialog', { name: 'Two-factor sign-in cannot be turned off' })
    expect(within(dialog).queryByLabelText('Password')).not.toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([])
  })

  it('makes new recovery codes with the password and shows them once', async () => {
    const { fetchMock } = renderTwoFactor({ initial: { ...on, recoveryCodesLeft: 2 } })
    const user = userEvent.setup()
    const card = await screen.findByRole('region', { name: 'Two-factor authentication' })
    expect(await within(card).findByText('2 recovery codes left')).toBeInTheDocument()
    expect(within(card).getByText(/running out of recovery codes/)).toBeInTheDocument()
    await user.click(within(card).getByRole('button', { name: 'New recovery codes' }))
    const dialog = await screen.findByRole('dialog', { name: 'Make new recovery codes?' })
    await user.type(within(dialog).getByLabelText('Password'), 'demo123')
    await user.click(within(dialog).getByRole('button', { name: 'Make new codes' }))
    const codes = await screen.findByRole('dialog', { name: 'Your new recovery codes' })
    expect(within(codes).getAllByRole('listitem')).toHaveLength(10)
    await user.click(within(codes).getByRole('checkbox', { name: 'I have saved my recovery codes' }))
    await user.click(within(codes).getByRole('button', { name: 'Done' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(await within(card).findByText('10 recovery codes left')).toBeInTheDocument()
    expect(bodyOf(fetchMock, 'POST /api/settings/two-factor/recovery-codes')).toEqual({ password: 'demo123' })
  })

  it('lets an owner with two-factor on require it of every member, after confirming', async () => {
    const { fetchMock } = renderTwoFactor({ initial: on })
    const user = userEvent.setup()
    const toggle = await screen.findByRole('switch', { name: 'Require two-factor sign-in for every member' })
    await waitFor(() => expect(toggle).toBeEnabled())
    expect(toggle).not.toBeChecked()
    await user.click(toggle)
    const confirm = await screen.findByRole('alertdialog', { name: 'Require two-factor sign-in for every member?' })
    await user.click(within(confirm).getByRole('button', { name: 'Require it' }))
    await waitFor(() => expect(toggle).toBeChecked())
    expect(bodyOf(fetchMock, 'PUT /api/settings/security')).toEqual({ requireTwoFactor: true })

    // Lifting the requirement needs no confirmation.
    await user.click(toggle)
    await waitFor(() => expect(toggle).not.toBeChecked())
    expect(bodyOf(fetchMock, 'PUT /api/settings/security', 1)).toEqual({ requireTwoFactor: false })
  })

  it('shows the requirement read-only to members who are not owners', async () => {
    renderTwoFactor({ user: analystUser, initial: on, requireTwoFactor: true })
    expect(await screen.findByTestId('require-two-factor-readonly')).toHaveTextContent(
      'Every member of this account must sign in with two-factor authentication. Only an owner can change this.',
    )
    expect(screen.queryByRole('switch')).not.toBeInTheDocument()
  })
})
