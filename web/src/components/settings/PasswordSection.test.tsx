import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { AppRoutes } from '@/App'
import { passwordChecks } from '@/components/settings/PasswordSection'
import { signedInUser } from '@/test/fixtures'
import { bodyOf, calledRoutes, errorResponse, jsonResponse, mockFetch, renderWithProviders } from '@/test/render'

function renderPassword(routes: Parameters<typeof mockFetch>[0] = {}) {
  const fetchMock = mockFetch({ 'GET /api/auth/user': () => jsonResponse(signedInUser), ...routes })
  renderWithProviders(<AppRoutes />, { path: '/settings/password' })
  return fetchMock
}

describe('password strength hint', () => {
  it('checks the length, the different characters and the username', () => {
    const met = (password: string) => passwordChecks(password, 'sumit').map((check) => check.met)
    expect(met('')).toEqual([false, false, false])
    expect(met('aaaaaaaa')).toEqual([true, false, true])
    expect(met('xSUMITx-2026')).toEqual([true, true, false])
    expect(met('river-otter-42')).toEqual([true, true, true])
  })
})

describe('Settings → Password', () => {
  it('checks the confirmation client-side, shows a wrong current password inline, then says how many sessions were signed out', async () => {
    let answer = errorResponse(422, 'VALIDATION_ERROR', 'Invalid currentPassword: is not correct', { field: 'currentPassword', reason: 'is not correct' })
    const fetchMock = renderPassword({ 'POST /api/settings/password': () => answer })
    const user = userEvent.setup()
    const form = await screen.findByRole('form', { name: 'Change password' })
    const current = within(form).getByLabelText(/^Current password/)
    const next = within(form).getByLabelText(/^New password/)
    const confirm = within(form).getByLabelText(/^Confirm new password/)
    expect(next).toHaveAttribute('type', 'password')

    // The live hint follows what is typed.
    const hint = within(form).getByRole('list', { name: 'Password requirements' })
    await user.type(next, 'sumit123')
    expect(within(hint).getByText('At least 8 characters')).toHaveTextContent('(met)')
    expect(within(hint).getByText('Does not contain your username')).toHaveTextContent('(not met yet)')
    await user.clear(next)
    await user.type(next, 'river-otter-42')
    expect(within(hint).getByText('Does not contain your username')).toHaveTextContent('(met)')

    // A mistyped confirmation is caught before anything is sent.
    await user.type(current, 'wrong-one')
    await user.type(confirm, 'river-otter-43')
    await user.click(within(form).getByRole('button', { name: 'Change password' }))
    expect(await within(form).findByText('The two new passwords do not match')).toBeInTheDocument()
    expect(calledRoutes(fetchMock)).toEqual([])

    await user.clear(confirm)
    await user.type(confirm, 'river-otter-42')
    await user.click(within(form).getByRole('button', { name: 'Change password' }))
    expect(await within(form).findByText('Current password is not correct')).toBeInTheDocument()
    expect(current).toHaveAttribute('aria-invalid', 'true')
    expect(bodyOf(fetchMock, 'POST /api/settings/password')).toEqual({ currentPassword: 'wrong-one', newPassword: 'river-otter-42' })

    answer = jsonResponse({ success: true, signedOutSessions: 2 })
    await user.clear(current)
    await user.type(current, 'demo123')
    await user.click(within(form).getByRole('button', { name: 'Change password' }))
    expect(await within(form).findByRole('status')).toHaveTextContent('Password changed. 2 other sessions were signed out.')
    expect(current).toHaveValue('')
    expect(next).toHaveValue('')
    expect(confirm).toHaveValue('')
  })

  it('shows a refused new password on its field and a throttled attempt above the form', async () => {
    let answer = errorResponse(422, 'VALIDATION_ERROR', 'Invalid newPassword: is too common', { field: 'newPassword', reason: 'is too common' })
    renderPassword({ 'POST /api/settings/password': () => answer })
    const user = userEvent.setup()
    const form = await screen.findByRole('form', { name: 'Change password' })
    await user.type(within(form).getByLabelText(/^Current password/), 'demo123')
    await user.type(within(form).getByLabelText(/^New password/), 'password1')
    await user.type(within(form).getByLabelText(/^Confirm new password/), 'password1')
    await user.click(within(form).getByRole('button', { name: 'Change password' }))
    expect(await within(form).findByText('New password is too common')).toBeInTheDocument()

    answer = errorResponse(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests')
    await user.click(within(form).getByRole('button', { name: 'Change password' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent('Too many attempts')
  })
})
