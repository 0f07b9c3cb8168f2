import { expect, sidebar, signIn, test } from './helpers'

// API keys end to end: a key made in Settings with calls:read, copied from its one-time reveal,
// works as a bearer token outside the browser (no cookies) for calls only; revoked in the UI,
// it stops working at once.

test('an API key made in Settings calls the API within its scopes until it is revoked', async ({ page, context, playwright }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await signIn(page)
  await sidebar(page).getByRole('link', { name: 'Settings', exact: true }).click()
  await expect(page).toHaveURL('/settings')
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'API keys' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Coming soon' })).toHaveCount(0)
  // The sections not built yet say so.
  const sections = page.getByRole('navigation', { name: 'Settings sections' })
  await expect(sections.getByRole('link', { name: /^Notifications/ })).toContainText('Not available yet')
  await expect(sections.getByRole('link', { name: /^Profile/ })).not.toContainText('Not available yet')
  await expect(sections.getByRole('link', { name: /^API keys/ })).not.toContainText('Not available yet')

  // Create a key that may read calls.
  const name = `E2E key ${Date.now().toString(36)}`
  await page.getByRole('button', { name: 'Create API key' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'Create API key' })
  await dialog.getByLabel('Name').fill(name)
  await dialog.getByRole('group', { name: 'calls', exact: true }).getByText('Read', { exact: true }).click()
  await expect(dialog.getByRole('group', { name: 'calls', exact: true }).getByRole('radio', { name: 'Read' })).toBeChecked()
  await dialog.getByRole('button', { name: 'Create key' }).click()

  // The key, shown once: read it from the page and copy it as a user would.
  const reveal = page.getByRole('dialog', { name: 'API key created' })
  await expect(reveal.getByText('it will not be shown again')).toBeVisible()
  const key = ((await reveal.getByTestId('api-key-secret').textContent()) ?? '').trim()
  expect(key).toMatch(/^cc_live_\S+$/)
  await reveal.getByRole('button', { name: 'Copy API key' }).click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key)
  await expect(reveal.getByText(`Authorization: Bearer ${key}`)).toBeVisible()
  await reveal.getByRole('button', { name: 'I have copied the key' }).click()
  await expect(reveal).toBeHidden()
  await expect(page.getByTestId('api-key-secret')).toHaveCount(0)

  // Listed by its prefix, active.
  const row = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: name })
  await expect(row).toContainText(`${key.slice(0, 12)}…`)
  await expect(row).toContainText('Active')
  await expect(row).toContainText('calls: read')

  // A client with no cookies, only the key.
  const baseURL = test.info().project.use.baseURL
  const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${key}` } })
  try {
    expect((await client.get('/api/calls')).status()).toBe(200)
    const buyers = await client.get('/api/buyers')
    expect(buyers.status()).toBe(403)
    // Keys cannot reach settings, scope or not.
    expect((await client.get('/api/settings/api-keys')).status()).toBe(403)

    // The page shows it was used, and from where.
    await page.reload()
    await expect(row.getByRole('cell').nth(4)).toContainText('just now')
    await expect(row.getByRole('cell').nth(4)).toContainText('from 127.0.0.1')

    // Revoke it in the UI.
    await row.getByRole('button', { name: `Revoke ${name}` }).click()
    const confirm = page.getByRole('alertdialog', { name: 'Revoke this API key?' })
    await expect(confirm).toContainText(name)
    await confirm.getByRole('button', { name: 'Revoke key' }).click()
    await expect(confirm).toBeHidden()
    await expect(row).toContainText('Revoked')
    await expect(row.getByRole('button', { name: /Revoke/ })).toHaveCount(0)

    expect((await client.get('/api/calls')).status()).toBe(401)
  } finally {
    await client.dispose()
  }
})
