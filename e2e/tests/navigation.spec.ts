import { expect, SECTIONS, sidebar, signIn, test } from './helpers'

/** Sections that are built; the others say plainly that they are not, in the sidebar too. */
const BUILT = ['/campaigns', '/buyers', '/pools', '/call-flows', '/phone-numbers', '/enhanced-reporting', '/rtb-management', '/dni', '/integrations', '/settings']
const isSoon = (path: string) => path !== '/' && !BUILT.includes(path)

test.beforeEach(async ({ page }) => {
  await signIn(page)
})

test('every sidebar link opens its section', async ({ page }) => {
  const nav = sidebar(page)
  // Sections not built yet carry a "Soon" tag (and say "not built yet" to screen readers).
  await expect(nav.getByRole('link')).toHaveText(SECTIONS.map((s) => (isSoon(s.path) ? new RegExp(`^${s.title}.*Soon$`) : s.title)))

  // Visit the others first, so that the Dashboard link is followed from elsewhere too.
  const order = [...SECTIONS.slice(1), SECTIONS[0]]
  for (const section of order) {
    await test.step(section.title, async () => {
      const name = isSoon(section.path) ? `${section.title}, not built yet` : section.title
      const link = nav.getByRole('link', { name, exact: true })
      await link.click()
      await expect(page).toHaveURL(section.path)
      await expect(page.getByRole('heading', { level: 1, name: section.title, exact: true })).toBeVisible()
      await expect(link).toHaveAttribute('aria-current', 'page')
      await expect(nav.locator('[aria-current="page"]')).toHaveCount(1)
      await expect(page).toHaveTitle(`${section.title} · CallCenter Pro`)
      if (section.path === '/') {
        await expect(page.getByRole('heading', { level: 2, name: 'Recent Calls' })).toBeVisible()
      } else if (BUILT.includes(section.path)) {
        await expect(page.getByRole('heading', { level: 2, name: 'Coming soon' })).toHaveCount(0)
      } else {
        await expect(page.getByRole('heading', { level: 2, name: 'Coming soon' })).toBeVisible()
        await expect(page.getByText(`${section.title} is not built yet`)).toBeVisible()
      }
    })
  }
})

test('an unknown in-app route shows the not-found view', async ({ page }) => {
  await page.goto('/no-such-page')
  await expect(page).toHaveURL('/no-such-page')
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
  await expect(page.getByRole('main').getByText('/no-such-page', { exact: true })).toBeVisible()
  await expect(page).toHaveTitle('Page not found · CallCenter Pro')
  await expect(sidebar(page).locator('[aria-current="page"]')).toHaveCount(0)

  await page.getByRole('link', { name: 'Go to the dashboard' }).click()
  await expect(page).toHaveURL('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
})
