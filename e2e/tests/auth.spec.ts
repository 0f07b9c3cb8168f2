import path from 'node:path'
import { DEMO_USER, expect, SESSION_COOKIE, signIn, submitLogin, test, userMenuButton } from './helpers'

test.describe('signing in', () => {
  test('the demo user reaches the dashboard and stays signed in after a reload', async ({ page }, testInfo) => {
    await signIn(page)
    await expect(page).toHaveTitle('Dashboard · CallCenter Pro')

    const figures = page.getByRole('group', { name: 'Key figures' })
    for (const title of ['Active Campaigns', 'Calls Today', 'Success Rate', 'Revenue']) {
      await expect(figures.getByRole('heading', { level: 2, name: title })).toBeVisible()
    }
    // A fresh database: the figures come from GET /api/stats/dashboard and are all zero.
    await expect(figures.getByText('0.0%')).toBeVisible()
    await expect(figures.getByText('$0.00')).toBeVisible()
    await expect(page.getByRole('heading', { level: 2, name: 'Recent Calls' })).toBeVisible()
    await expect(page.getByText('No calls yet')).toBeVisible()
    await expect(userMenuButton(page)).toContainText(DEMO_USER.username)

    // For humans, not an assertion.
    await page.screenshot({ path: path.join(testInfo.project.outputDir, 'dashboard.png'), fullPage: true })

    // The session lives on the server: a reload (which drops the app's cache) keeps the user in.
    const [userCheck] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/user')),
      page.reload(),
    ])
    expect(userCheck.status()).toBe(200)
    await expect(page).toHaveURL('/')
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
    await expect(page.getByText('No calls yet')).toBeVisible()
    await expect(userMenuButton(page)).toContainText(DEMO_USER.username)
  })

  test('a wrong password shows an error and stays on the sign-in page', async ({ page, context }) => {
    await page.goto('/login')
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
      submitLogin(page, DEMO_USER.username, 'not-the-password'),
    ])
    expect(answer.status()).toBe(401)

    await expect(page.getByRole('alert')).toHaveText('Invalid username or password')
    await expect(page).toHaveURL('/login')
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
    expect((await context.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE)
  })

  test('a signed-out visit to /campaigns goes through /login and back to /campaigns', async ({ page }) => {
    await page.goto('/campaigns')
    await expect(page).toHaveURL('/login')

    await submitLogin(page, DEMO_USER.username, DEMO_USER.password)
    await expect(page).toHaveURL('/campaigns')
    await expect(page.getByRole('heading', { level: 1, name: 'Campaigns' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Create Campaign' })).toBeVisible()
  })
})

test.describe('signing out', () => {
  test('Sign out ends the session on the server; the session cookie is HttpOnly', async ({ page, context, playwright }) => {
    await signIn(page)

    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)
    expect(cookie, `${SESSION_COOKIE} cookie after sign-in`).toBeDefined()
    expect(cookie?.httpOnly).toBe(true)
    expect(cookie?.sameSite).toBe('Lax')
    expect(cookie?.path).toBe('/')
    // HttpOnly in fact: page scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE)

    // A client outside the browser holding the same cookie is signed in too...
    const baseURL = test.info().project.use.baseURL
    const thief = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Cookie: `${SESSION_COOKIE}=${cookie?.value}` },
    })
    try {
      const before = await thief.get('/api/auth/user')
      expect(before.status()).toBe(200)
      expect((await before.json()).username).toBe(DEMO_USER.username)

      await userMenuButton(page).click()
      await page.getByRole('menuitem', { name: 'Sign out' }).click()
      await expect(page).toHaveURL('/login')
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
      expect((await context.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE)

      await page.goto('/')
      await expect(page).toHaveURL('/login')

      // ...until sign-out, which revoked the session itself, not just the browser's cookie.
      const after = await thief.get('/api/auth/user')
      expect(after.status()).toBe(401)
      expect((await after.json()).error.code).toBe('UNAUTHORIZED')
    } finally {
      await thief.dispose()
    }
  })
})
