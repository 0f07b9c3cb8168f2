import { expect, signIn, test } from './helpers'

test('the Help panel links to the API docs, which load Swagger UI', async ({ page, context }) => {
  await signIn(page)

  await page.getByRole('banner').getByRole('button', { name: 'Help' }).click()
  const panel = page.getByRole('dialog', { name: 'Help' })
  await expect(panel).toBeVisible()
  await expect(panel).toContainText('The AI help assistant is not built yet')
  const docsLink = panel.getByRole('link', { name: 'Open the API docs' })
  await expect(docsLink).toHaveAttribute('href', '/api/docs')
  await expect(docsLink).toHaveAttribute('target', '_blank')

  // The link opens a new tab; /api/docs redirects to /api/docs/ (Swagger UI).
  const [docs] = await Promise.all([context.waitForEvent('page'), docsLink.click()])
  await expect(docs).toHaveURL(/\/api\/docs\/$/)
  await expect(docs).toHaveTitle('Swagger UI')
  await expect(docs.getByRole('heading', { name: /CallCenter Pro API/ })).toBeVisible()
  await docs.close()

  // Escape closes the panel and leaves the user where they were.
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()
  await expect(page).toHaveURL('/')
})

test('/api/docs/ serves Swagger UI with the CallCenter Pro API', async ({ page }) => {
  await page.goto('/api/docs/')
  await expect(page).toHaveTitle('Swagger UI')
  await expect(page.getByRole('heading', { name: /CallCenter Pro API/ })).toBeVisible()
  // The document it renders is the server's own, with the sign-in endpoint in it.
  await expect(page.getByText('/api/auth/login', { exact: true }).first()).toBeVisible()
})
