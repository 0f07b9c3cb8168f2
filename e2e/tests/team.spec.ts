import { expect, signIn, test } from './helpers'

// Teams end to end: the demo owner invites an analyst in Settings → Team, the invitation link
// (shown once) is opened in a fresh browser, the analyst joins, lands in the app with their role
// and cannot create campaigns; the owner then sees them in Team, changes their role and removes them.

const SHOTS = '/tmp/team-shots'
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

test('an owner invites an analyst, who joins through the link; the owner changes their role and removes them', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000)
  const suffix = Date.now().toString(36)
  const email = `analyst-${suffix}@example.com`
  const username = `ana_${suffix}`
  const password = 'analyst-pass-123'

  await page.setViewportSize(DESKTOP)
  await signIn(page)
  await page.goto('/settings/team')
  await expect(page.getByRole('heading', { level: 2, name: 'Team' })).toBeVisible()
  const members = page.getByRole('table', { name: 'Members' })
  const owner = members.getByRole('row').filter({ hasText: 'sumit' })
  await expect(owner.getByText('You', { exact: true })).toBeVisible()
  await expect(owner.getByText('Founder', { exact: true })).toBeVisible()

  // Invite an analyst.
  await page.getByRole('button', { name: 'Invite member' }).click()
  const dialog = page.getByRole('dialog', { name: 'Invite member' })
  await dialog.getByLabel('E-mail address').fill(email)
  await dialog.getByRole('radio', { name: /Analyst/ }).check()
  await page.screenshot({ path: `${SHOTS}/team-invite-dialog-1440.png` })
  await dialog.getByRole('button', { name: 'Create invitation' }).click()
  const reveal = page.getByRole('dialog', { name: 'Invitation created' })
  await expect(reveal.getByText('it will not be shown again')).toBeVisible()
  // The e2e server has no mail server: the reveal says the link was not e-mailed.
  await expect(reveal.getByText(/was not e-mailed|was e-mailed/)).toBeVisible()
  const link = ((await reveal.getByTestId('invitation-link').textContent()) ?? '').trim()
  expect(link).toMatch(/\/invite\/[0-9a-f]{64}$/)
  await page.screenshot({ path: `${SHOTS}/team-invite-link-1440.png` })
  await reveal.getByRole('button', { name: 'Done' }).click()
  await expect(reveal).toBeHidden()
  const invitations = page.getByRole('table', { name: 'Invitations' })
  await expect(invitations.getByRole('row').filter({ hasText: email })).toContainText('Pending')

  // The invitee opens the link in a browser of their own (no session).
  const invitee = await browser.newContext({ baseURL, viewport: DESKTOP })
  const guest = await invitee.newPage()
  await guest.goto(new URL(link).pathname)
  await expect(guest.getByRole('heading', { level: 1, name: 'Join sumit' })).toBeVisible()
  await expect(guest.getByText(`sumit invited ${email} to the account sumit as analyst`)).toBeVisible()
  await guest.screenshot({ path: `${SHOTS}/invite-page-1440.png`, fullPage: true })
  await guest.setViewportSize(PHONE)
  await guest.reload()
  await expect(guest.getByRole('heading', { level: 1, name: 'Join sumit' })).toBeVisible()
  await guest.screenshot({ path: `${SHOTS}/invite-page-390.png`, fullPage: true })
  await guest.setViewportSize(DESKTOP)

  // A mistyped confirmation is caught before anything is sent.
  await guest.getByLabel('Username').fill(username)
  await guest.getByLabel(/^Password/).fill(password)
  await guest.getByLabel('Confirm password').fill('something-else')
  await guest.getByRole('button', { name: 'Join sumit' }).click()
  await expect(guest.getByText('The passwords do not match')).toBeVisible()
  await guest.getByLabel('Confirm password').fill(password)
  await guest.getByLabel('First name').fill('Ana')
  await guest.getByLabel('Last name').fill('Lyst')
  await guest.getByRole('button', { name: 'Join sumit' }).click()

  // In the app, as an analyst.
  await expect(guest).toHaveURL('/')
  await expect(guest.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  const guestMenu = guest.getByRole('banner').getByRole('button', { name: `Account menu for ${username}` })
  await expect(guestMenu).toContainText('Analyst')
  await guest.goto('/campaigns')
  await expect(guest.getByRole('heading', { level: 1, name: 'Campaigns' })).toBeVisible()
  await expect(guest.getByRole('link', { name: 'Create Campaign' })).toHaveCount(0)
  await expect(guest.getByTestId('read-only-note')).toHaveAttribute('title', 'Your role (analyst) cannot change campaigns')
  await guest.screenshot({ path: `${SHOTS}/analyst-campaigns-1440.png` })
  await guest.goto('/settings/api-keys')
  await expect(guest.getByText(/API keys are managed by the account's owners and admins/)).toBeVisible()
  await guest.goto('/campaigns')
  // The link works once.
  const reused = await invitee.request.get(`/api/auth/invitations/${link.split('/').pop()}`)
  expect(reused.status()).toBe(404)

  // The owner sees the new member in Team.
  await page.reload()
  const row = members.getByRole('row').filter({ hasText: username })
  await expect(row).toContainText('Ana Lyst')
  await expect(row).toContainText(email)
  await expect(row.getByRole('combobox', { name: `Role of ${username}` })).toHaveText('Analyst')
  await expect(invitations.getByRole('row').filter({ hasText: email })).toHaveCount(0)
  await page.screenshot({ path: `${SHOTS}/team-1440.png`, fullPage: true })
  await page.setViewportSize(PHONE)
  await page.reload()
  await expect(members.getByRole('row').filter({ hasText: username }).or(page.getByText(username))).not.toHaveCount(0)
  await page.screenshot({ path: `${SHOTS}/team-390.png`, fullPage: true })
  await page.setViewportSize(DESKTOP)

  // Make them a manager: on their next page they may create campaigns.
  const [patched] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/settings/members/')),
    (async () => {
      await row.getByRole('combobox', { name: `Role of ${username}` }).click()
      await page.getByRole('option', { name: 'Manager' }).click()
    })(),
  ])
  expect(patched.status()).toBe(200)
  await expect(row.getByRole('combobox', { name: `Role of ${username}` })).toHaveText('Manager')
  await guest.reload()
  await expect(guest.getByRole('link', { name: 'Create Campaign' })).toBeVisible()
  await expect(guestMenu).toContainText('Manager')

  // Remove them: they are signed out.
  await row.getByRole('button', { name: `Remove ${username}` }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Remove this member?' })
  await confirm.getByRole('button', { name: 'Remove member' }).click()
  await expect(confirm).toBeHidden()
  await expect(members.getByRole('row').filter({ hasText: username })).toHaveCount(0)
  await guest.reload()
  await expect(guest).toHaveURL('/login')
  await invitee.close()
})

test('an unknown invitation link says so and offers sign-in', async ({ page }) => {
  await page.setViewportSize(PHONE)
  await page.goto(`/invite/${'0'.repeat(64)}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Invitation not valid' })).toBeVisible()
  await expect(page.getByRole('alert')).toContainText('no longer valid')
  await page.screenshot({ path: `${SHOTS}/invite-invalid-390.png` })
  await page.getByRole('link', { name: 'Go to sign in' }).click()
  await expect(page).toHaveURL('/login')
})
