import type { APIRequestContext, Page } from '@playwright/test'
import { DEMO_USER, expect, submitLogin, test } from './helpers'

// A member's own settings end to end: Profile (name and time zone kept across a reload, the
// app's current user follows), Password (a wrong current password refused inline, then changed;
// the new one signs in), Security (two sessions, the other signed out, failed and successful
// sign-ins in the history).
//
// The password changes, so the spec runs as a member of its own (invited by the demo owner
// through the API and removed again at the end): the demo user's password, which every other
// spec signs in with, is never touched.

const SHOTS = '/tmp/account-shots'
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

interface Member {
  id: number
  username: string
}

/** The demo owner, signed in through the API. */
async function ownerApi(playwright: { request: { newContext: (o: { baseURL?: string }) => Promise<APIRequestContext> } }, baseURL: string | undefined) {
  const owner = await playwright.request.newContext({ baseURL })
  const login = await owner.post('/api/auth/login', { data: DEMO_USER })
  expect(login.status()).toBe(200)
  return owner
}

/** Fails when the page scrolls sideways (something wider than the viewport). */
async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, 'horizontal page overflow in px').toBeLessThanOrEqual(0)
}

/** A screenshot of the section at desktop and phone widths, checking the phone does not overflow. */
async function shootBoth(page: Page, name: string, heading: string) {
  await page.setViewportSize(DESKTOP)
  await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/${name}-1440.png`, fullPage: true })
  await page.setViewportSize(PHONE)
  await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible()
  await expectNoHorizontalOverflow(page)
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true })
  await page.setViewportSize(DESKTOP)
}

test('a member changes their profile and password, and manages their sessions and sign-ins', async ({ page, browser, baseURL, playwright }) => {
  test.setTimeout(120_000)
  const suffix = Date.now().toString(36)
  const username = `acct_${suffix}`
  const email = `acct-${suffix}@example.com`
  const firstPassword = 'first-pass-4821'
  const newPassword = 'second-pass-9307'

  // The demo owner invites a member of its own for this spec, who joins through the API.
  const owner = await ownerApi(playwright, baseURL)
  const invited = await owner.post('/api/settings/members/invitations', { data: { email, role: 'analyst' } })
  expect(invited.status()).toBe(201)
  const { link } = (await invited.json()) as { link: string }
  const joiner = await playwright.request.newContext({ baseURL })
  const joined = await joiner.post(`/api/auth/invitations/${link.split('/').pop()}/accept`, { data: { username, password: firstPassword } })
  expect(joined.status()).toBe(201)
  // Joining signed that client in: sign it out, so the browsers below hold the only sessions.
  await joiner.post('/api/auth/logout')
  await joiner.dispose()

  try {
    await page.setViewportSize(DESKTOP)
    await page.goto('/login')
    await submitLogin(page, username, firstPassword)
    await expect(page).toHaveURL('/')

    // ---- Profile ---------------------------------------------------------------------------
    await page.goto('/settings/profile')
    const profile = page.getByRole('form', { name: 'Profile' })
    await expect(profile.getByLabel('Username')).toHaveValue(username)
    await expect(profile.getByLabel('Username')).not.toBeEditable()
    await expect(profile.getByLabel('E-mail address')).toHaveValue(email)
    await expect(profile.getByText('Profile pictures are not available yet')).toBeVisible()
    await profile.getByLabel('First name').fill('Ada')
    await profile.getByLabel('Last name').fill('Lovelace')
    await profile.getByRole('combobox', { name: /Time zone/ }).click()
    await page.getByRole('textbox', { name: 'Search time zones' }).fill('tokyo')
    await page.getByRole('option', { name: 'Asia/Tokyo' }).click()
    await expect(profile.getByRole('combobox', { name: /Time zone/ })).toHaveText('Asia/Tokyo')

    // Saving fetches the current user afresh: the app's times follow the new zone.
    const [, userAfter] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/settings/profile') && r.request().method() === 'PUT' && r.status() === 200),
      page.waitForResponse((r) => r.url().endsWith('/api/auth/user') && r.request().method() === 'GET'),
      profile.getByRole('button', { name: 'Save profile' }).click(),
    ])
    expect(((await userAfter.json()) as { timeZone: string }).timeZone).toBe('Asia/Tokyo')
    await expect(profile.getByRole('status')).toHaveText('Profile saved')

    // Another member's e-mail address is refused on its field.
    await profile.getByLabel('E-mail address').fill('sumit@example.com')
    await profile.getByRole('button', { name: 'Save profile' }).click()
    await expect(profile.getByLabel('E-mail address')).toHaveAttribute('aria-invalid', 'true')
    await page.reload()
    await expect(profile.getByLabel('First name')).toHaveValue('Ada')
    await expect(profile.getByLabel('Last name')).toHaveValue('Lovelace')
    await expect(profile.getByLabel('E-mail address')).toHaveValue(email)
    await expect(profile.getByRole('combobox', { name: /Time zone/ })).toHaveText('Asia/Tokyo')
    await shootBoth(page, 'profile', 'Profile')

    // ---- Password --------------------------------------------------------------------------
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Password' }).click()
    const password = page.getByRole('form', { name: 'Change password' })
    await password.getByLabel(/^Current password/).fill('not-my-password')
    await password.getByLabel(/^New password/).fill(newPassword)
    await password.getByLabel(/^Confirm new password/).fill(newPassword)
    await password.getByRole('button', { name: 'Change password' }).click()
    await expect(password.getByText('Current password is not correct')).toBeVisible()
    await expect(password.getByLabel(/^Current password/)).toHaveAttribute('aria-invalid', 'true')
    await shootBoth(page, 'password-error', 'Password')

    await password.getByLabel(/^Current password/).fill(firstPassword)
    await password.getByRole('button', { name: 'Change password' }).click()
    await expect(password.getByRole('status')).toContainText('Password changed.')
    await expect(password.getByRole('status')).toContainText(/No other sessions were signed in|other sessions? (was|were) signed out/)
    await expect(password.getByLabel(/^Current password/)).toHaveValue('')
    await shootBoth(page, 'password', 'Password')

    // ---- A second browser: the old password fails, the new one signs in ----------------------
    const other = await browser.newContext({ baseURL, viewport: DESKTOP })
    try {
      const second = await other.newPage()
      await second.goto('/login')
      await submitLogin(second, username, firstPassword)
      await expect(second.getByRole('alert')).toHaveText('Invalid username or password')
      await submitLogin(second, username, newPassword)
      await expect(second).toHaveURL('/')
      await expect(second.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()

      // ---- Security ----------------------------------------------------------------------------
      await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Security' }).click()
      const sessions = page.getByRole('table', { name: 'Active sessions' })
      await expect(sessions.getByRole('row')).toHaveCount(3)
      const mine = sessions.getByRole('row').filter({ hasText: 'This device' })
      await expect(mine).toHaveCount(1)
      await expect(mine).toContainText('127.0.0.1')
      const history = page.getByRole('table', { name: 'Sign-in history' })
      await expect(history.getByRole('row').filter({ hasText: 'Failed' }).first()).toContainText('wrong password')
      await expect(history.getByRole('row').filter({ hasText: 'Succeeded' })).not.toHaveCount(0)
      // Times are shown formatted, never as raw ISO strings.
      await expect(page.getByRole('main')).not.toContainText(/\d{4}-\d\d-\d\dT\d\d:/)
      await page.screenshot({ path: `${SHOTS}/security-two-sessions-1440.png`, fullPage: true })

      // Sign the other browser out from here.
      await sessions.getByRole('button', { name: /^Sign out (?!this device)/ }).click()
      await expect(sessions.getByRole('row')).toHaveCount(2)
      await expect(page.getByRole('button', { name: 'Sign out all other sessions' })).toBeDisabled()
      await second.reload()
      await expect(second).toHaveURL('/login')
      await expect(page.getByText(/was signed out$/)).toBeHidden({ timeout: 10_000 })
      await shootBoth(page, 'security', 'Security')
    } finally {
      await other.close()
    }
  } finally {
    // Remove the spec's member again.
    const list = (await (await owner.get('/api/settings/members')).json()) as { members: Member[] }
    const member = list.members.find((m) => m.username === username)
    if (member) expect((await owner.delete(`/api/settings/members/${member.id}`)).status()).toBeLessThan(300)
    await owner.dispose()
  }
})
