import { test as base, expect, type Page } from '@playwright/test'

export { expect }

/**
 * Playwright's test, failing any test during which a page threw an uncaught
 * error (a broken bundle or a crash in a component fails even if the checked
 * text happened to show).
 */
export const test = base.extend<{ failOnPageErrors: void }>({
  failOnPageErrors: [
    async ({ context }, use) => {
      const errors: string[] = []
      context.on('weberror', (e) => errors.push(`${e.page()?.url() ?? '?'}: ${e.error().stack ?? e.error().message}`))
      await use()
      expect(errors, 'uncaught errors in the page').toEqual([])
    },
    { auto: true },
  ],
})

/** The demo account the server creates on first start (CALLCENTER_DEMO=true). */
export const DEMO_USER = { username: 'sumit', password: 'demo123' }

/** The session cookie set by POST /api/auth/login. */
export const SESSION_COOKIE = 'ccp_session'

/**
 * The sidebar sections, in order, with the path each opens. Written out here
 * on purpose (not imported from web/src) so a changed route or title fails.
 */
export const SECTIONS = [
  { title: 'Dashboard', path: '/' },
  { title: 'Campaigns', path: '/campaigns' },
  { title: 'Buyers', path: '/buyers' },
  { title: 'Number Pools', path: '/pools' },
  { title: 'Call Flows', path: '/call-flows' },
  { title: 'RTB Management', path: '/rtb-management' },
  { title: 'Enhanced Reporting', path: '/enhanced-reporting' },
  { title: 'DNI', path: '/dni' },
  { title: 'Integrations', path: '/integrations' },
  { title: 'Phone Numbers', path: '/phone-numbers' },
  { title: 'Settings', path: '/settings' },
] as const

/** Fill and submit the sign-in form of the page currently at /login. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Sign in as the demo user through the form and wait for the dashboard. */
export async function signIn(page: Page): Promise<void> {
  await page.goto('/login')
  await submitLogin(page, DEMO_USER.username, DEMO_USER.password)
  await expect(page).toHaveURL('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
}

/** The sidebar navigation (visible at desktop widths). */
export function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'Main' })
}

/** The user menu trigger in the top bar. */
export function userMenuButton(page: Page) {
  return page.getByRole('banner').getByRole('button', { name: `Account menu for ${DEMO_USER.username}` })
}
