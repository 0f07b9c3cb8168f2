import { createHmac } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import type { APIRequestContext, Page } from '@playwright/test'
import { DEMO_USER, expect, submitLogin, test } from './helpers'

// Two-factor sign-in end to end, as a member of its own (invited by the demo owner through the
// API and removed again at the end, as account-settings.spec.ts does): turn it on in Settings →
// Security with codes computed here (RFC 6238), save the recovery codes, sign in with a recovery
// code and with a code from the "app", then turn it off. The demo user is never touched.

const SHOTS = '/tmp/2fa-shots'
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }
const STEP_SECONDS = 30

// ---- TOTP (RFC 6238 over RFC 4226): HMAC-SHA1, 30-second steps, 6 digits -------------------

/** RFC 4648 base32 (no padding needed) to bytes. */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const bytes: number[] = []
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(char)
    if (index < 0) throw new Error(`not base32: ${char}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(bytes)
}

function totpStep(at: number = Date.now()): number {
  return Math.floor(at / 1000 / STEP_SECONDS)
}

/** The 6-digit code of `secret` (base32) for a time step. */
function totp(secret: string, step: number = totpStep()): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const hmac = createHmac('sha1', base32Decode(secret)).update(counter).digest()
  const offset = hmac[hmac.length - 1]! & 0x0f
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 1_000_000).padStart(6, '0')
}

test('RFC 6238 test vector (SHA-1)', () => {
  // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s -> 94287082 (8 digits): 287082.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
  expect(totp(secret, totpStep(59_000))).toBe('287082')
  expect(totp(secret, totpStep(1_111_111_109_000))).toBe('081804')
})

/** A code for a step after `usedStep`: the server takes each step's code once per member. */
async function freshCode(secret: string, usedStep: number | undefined): Promise<{ code: string; step: number }> {
  while (usedStep !== undefined && totpStep() <= usedStep) {
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  // Not in the last two seconds of a step: the code would go stale on its way.
  const intoStep = (Date.now() / 1000) % STEP_SECONDS
  if (intoStep > STEP_SECONDS - 2) await new Promise((resolve) => setTimeout(resolve, (STEP_SECONDS - intoStep + 0.5) * 1000))
  const step = totpStep()
  return { code: totp(secret, step), step }
}

// ---- Helpers ------------------------------------------------------------------------------

interface Member {
  id: number
  username: string
}

async function ownerApi(playwright: { request: { newContext: (o: { baseURL?: string }) => Promise<APIRequestContext> } }, baseURL: string | undefined) {
  const owner = await playwright.request.newContext({ baseURL })
  const login = await owner.post('/api/auth/login', { data: DEMO_USER })
  expect(login.status()).toBe(200)
  return owner
}

async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, 'horizontal page overflow in px').toBeLessThanOrEqual(0)
}

/** The viewport at desktop and phone widths (what is on screen, e.g. an open dialog). */
async function shootBoth(page: Page, name: string) {
  await page.setViewportSize(DESKTOP)
  await page.waitForTimeout(150)
  await page.screenshot({ path: `${SHOTS}/${name}-1440.png` })
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(150)
  await expectNoHorizontalOverflow(page)
  await page.screenshot({ path: `${SHOTS}/${name}-390.png` })
  await page.setViewportSize(DESKTOP)
}

async function signOut(page: Page, username: string) {
  await page.getByRole('banner').getByRole('button', { name: `Account menu for ${username}` }).click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await expect(page).toHaveURL('/login')
}

function twoFactorCard(page: Page) {
  return page.getByRole('region', { name: 'Two-factor authentication' })
}

test('a member turns on two-factor sign-in, signs in with a recovery code and with a code, and turns it off', async ({ page, baseURL, playwright }) => {
  test.setTimeout(150_000)
  mkdirSync(SHOTS, { recursive: true })
  const suffix = Date.now().toString(36)
  const username = `tfa_${suffix}`
  const email = `tfa-${suffix}@example.com`
  const password = 'tfa-pass-5930'

  const owner = await ownerApi(playwright, baseURL)
  const invited = await owner.post('/api/settings/members/invitations', { data: { email, role: 'analyst' } })
  expect(invited.status()).toBe(201)
  const { link } = (await invited.json()) as { link: string }
  const joiner = await playwright.request.newContext({ baseURL })
  const joined = await joiner.post(`/api/auth/invitations/${link.split('/').pop()}/accept`, { data: { username, password } })
  expect(joined.status()).toBe(201)
  await joiner.post('/api/auth/logout')
  await joiner.dispose()

  try {
    await page.setViewportSize(DESKTOP)
    await page.goto('/login')
    await submitLogin(page, username, password)
    await expect(page).toHaveURL('/')

    // ---- Turn it on --------------------------------------------------------------------------
    await page.goto('/settings/security')
    const card = twoFactorCard(page)
    await expect(card.getByText('Off', { exact: true })).toBeVisible()
    // Not an owner: the account-wide requirement is shown, not offered.
    await expect(page.getByTestId('require-two-factor-readonly')).toContainText('Only an owner can change this.')
    await expect(page.getByRole('switch')).toHaveCount(0)
    await card.getByRole('button', { name: 'Turn on' }).click()

    const setup = page.getByRole('dialog', { name: 'Turn on two-factor sign-in' })
    const qr = setup.getByRole('img', { name: /QR code/ })
    await expect(qr).toBeVisible()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;utf8,/)
    // The image really decoded (a broken SVG would have no natural size).
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
    const shown = (await setup.getByTestId('two-factor-secret').textContent()) ?? ''
    expect(shown).toMatch(/^([A-Z2-7]{4} )*[A-Z2-7]{1,4}$/)
    const secret = shown.replace(/\s/g, '')
    await shootBoth(page, 'setup-qr')

    const enrol = await freshCode(secret, undefined)
    await setup.getByLabel(/6-digit code/).fill(enrol.code)
    await setup.getByRole('button', { name: 'Turn on' }).click()
    let usedStep = enrol.step

    const codesDialog = page.getByRole('dialog', { name: 'Save your recovery codes' })
    const list = codesDialog.getByRole('list', { name: 'Recovery codes' })
    await expect(list.getByRole('listitem')).toHaveCount(10)
    const recoveryCodes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim())
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/)

    // The download is a text file of the codes.
    const [download] = await Promise.all([page.waitForEvent('download'), codesDialog.getByRole('button', { name: 'Download .txt' }).click()])
    expect(download.suggestedFilename()).toBe('callcenter-pro-recovery-codes.txt')
    await shootBoth(page, 'recovery-codes')

    await expect(codesDialog.getByRole('button', { name: 'Done' })).toBeDisabled()
    await codesDialog.getByRole('checkbox', { name: 'I have saved my recovery codes' }).click()
    await codesDialog.getByRole('button', { name: 'Done' }).click()
    await expect(codesDialog).toBeHidden()
    await expect(card.getByText('On', { exact: true })).toBeVisible()
    await expect(card.getByText('10 recovery codes left')).toBeVisible()
    await expect(card.getByTestId('two-factor-since')).toContainText('On since')
    // Shown once: not on the page any more, not even after a reload.
    await page.reload()
    await expect(twoFactorCard(page).getByText('10 recovery codes left')).toBeVisible()
    await expect(page.getByText(recoveryCodes[0]!)).toHaveCount(0)
    await page.screenshot({ path: `${SHOTS}/security-on-1440.png`, fullPage: true })
    await page.setViewportSize(PHONE)
    await expectNoHorizontalOverflow(page)
    await page.screenshot({ path: `${SHOTS}/security-on-390.png`, fullPage: true })
    await page.setViewportSize(DESKTOP)

    // ---- Sign in with a recovery code ------------------------------------------------------
    await signOut(page, username)
    const [challenged] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
      submitLogin(page, username, password),
    ])
    expect(challenged.status()).toBe(202)
    await expect(page.getByRole('heading', { level: 1, name: 'Two-factor sign-in' })).toBeVisible()
    await expect(page).toHaveURL('/login')
    const codeInput = page.getByLabel('Authentication code')
    await expect(codeInput).toBeFocused()
    await expect(codeInput).toHaveAttribute('autocomplete', 'one-time-code')
    await shootBoth(page, 'login-code')

    await page.getByRole('button', { name: 'Use a recovery code instead' }).click()
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]!)
    await page.getByRole('button', { name: 'Verify and sign in' }).click()
    await expect(page).toHaveURL('/')
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
    await page.goto('/settings/security')
    await expect(twoFactorCard(page).getByText('9 recovery codes left')).toBeVisible()

    // ---- Sign in with a code from the app -----------------------------------------------------
    await signOut(page, username)
    await submitLogin(page, username, password)
    await expect(page.getByRole('heading', { level: 1, name: 'Two-factor sign-in' })).toBeVisible()
    const login = await freshCode(secret, usedStep)
    usedStep = login.step
    await page.getByLabel('Authentication code').fill(login.code)
    await page.getByRole('button', { name: 'Verify and sign in' }).click()
    await expect(page).toHaveURL('/')
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()

    // ---- Turn it off -------------------------------------------------------------------------
    await page.goto('/settings/security')
    await twoFactorCard(page).getByRole('button', { name: 'Turn off' }).click()
    const off = page.getByRole('dialog', { name: 'Turn off two-factor sign-in?' })
    await off.getByLabel('Password').fill(password)
    await off.getByRole('button', { name: 'Turn off' }).click()
    await expect(off).toBeHidden()
    await expect(twoFactorCard(page).getByText('Off', { exact: true })).toBeVisible()
    await expect(twoFactorCard(page).getByRole('button', { name: 'Turn on' })).toBeVisible()

    // A password alone signs in again.
    await signOut(page, username)
    await submitLogin(page, username, password)
    await expect(page).toHaveURL('/')
  } finally {
    const list = (await (await owner.get('/api/settings/members')).json()) as { members: Member[] }
    const member = list.members.find((m) => m.username === username)
    if (member) expect((await owner.delete(`/api/settings/members/${member.id}`)).status()).toBeLessThan(300)
    await owner.dispose()
  }
})

test('an owner sees the account-wide requirement, which waits for their own two-factor sign-in', async ({ page }) => {
  mkdirSync(SHOTS, { recursive: true })
  await page.setViewportSize(DESKTOP)
  await page.goto('/login')
  await submitLogin(page, DEMO_USER.username, DEMO_USER.password)
  await expect(page).toHaveURL('/')
  await page.goto('/settings/security')
  const toggle = page.getByRole('switch', { name: 'Require two-factor sign-in for every member' })
  await expect(toggle).toBeVisible()
  await expect(toggle).toBeDisabled()
  await expect(toggle).not.toBeChecked()
  await expect(page.getByText('Turn on your own two-factor sign-in first.')).toBeVisible()
  await expect(twoFactorCard(page).getByRole('button', { name: 'Turn on' })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/security-owner-1440.png`, fullPage: true })
})
