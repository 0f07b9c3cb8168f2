import { mkdirSync } from 'node:fs'
import { expect, signIn, test } from './helpers'

// The audit log end to end: the demo owner changes a buyer through the API (with the page's
// session), finds the change in Settings → Audit log, opens its before/after and checks the chain.

const SHOTS = '/tmp/audit-shots'
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

test('an owner sees a change in the audit log, its before and after, and an intact chain', async ({ page }) => {
  test.setTimeout(60_000)
  mkdirSync(SHOTS, { recursive: true })
  const name = `Audit buyer ${Date.now().toString(36)}`
  const phone = `+1646555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`

  await page.setViewportSize(DESKTOP)
  await signIn(page)
  const created = await page.request.post('/api/buyers', { data: { name, phone, payout: '25.00' } })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: number }
  const updated = await page.request.put(`/api/buyers/${id}`, { data: { name, phone, payout: '30.00' } })
  expect(updated.status()).toBe(200)

  await page.goto('/settings')
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Audit log' }).click()
  await expect(page).toHaveURL('/settings/audit-log')
  await expect(page.getByRole('heading', { level: 2, name: 'Audit log' })).toBeVisible()

  // Newest first: the update, then the creation, both by the owner from this browser.
  const table = page.getByRole('table', { name: 'Audit log' })
  const update = table.getByRole('row').filter({ hasText: `/api/buyers/${id}` }).first()
  await expect(update).toBeVisible()
  await expect(update).toContainText('sumit')
  await expect(update).toContainText('200')
  await expect(page.getByText(/^Showing 1–\d+ of \d+ entries$/)).toBeVisible()
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/audit-log/export.csv')

  // Expand it: the payout changed.
  await update.click()
  const details = page.getByRole('group', { name: /^Changes of entry #\d+$/ })
  await expect(details).toBeVisible()
  await expect(details.getByLabel('Before')).toContainText('"payout": "25.00"')
  await expect(details.getByLabel('After')).toContainText('"payout": "30.00"')
  await expect(details.locator('mark[data-changed]').filter({ hasText: 'payout' }).first()).toBeVisible()

  // The chain is intact.
  await page.getByRole('button', { name: 'Check integrity' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'intact' })).toHaveText(/^All \d+ entr(y|ies) intact$/)

  // The search filter finds the buyer's entries; the export link follows it.
  await page.getByLabel('Search').fill(`/api/buyers/${id}`)
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', `/api/audit-log/export.csv?search=%2Fapi%2Fbuyers%2F${id}`)
  await page.getByLabel('Search').fill('')
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/audit-log/export.csv')
  await update.click()
  await expect(details).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/audit-log-1440.png`, fullPage: true })

  // Phones: cards, no sideways scrolling of the page.
  await page.setViewportSize(PHONE)
  const cards = page.getByRole('list', { name: 'Audit log' })
  await expect(cards).toBeVisible()
  const card = cards.getByRole('listitem').filter({ hasText: `/api/buyers/${id}` }).first()
  // Still open from the desktop view; close and reopen it.
  await expect(card.getByLabel('After')).toContainText('"payout": "30.00"')
  await card.getByRole('button', { name: /^Hide changes of entry #\d+$/ }).click()
  await expect(card.getByLabel('After')).toBeHidden()
  await card.getByRole('button', { name: /^Show changes of entry #\d+$/ }).click()
  await expect(card.getByLabel('After')).toContainText('"payout": "30.00"')
  await page.getByRole('button', { name: 'Check integrity' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'intact' })).toBeVisible()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await page.screenshot({ path: `${SHOTS}/audit-log-390.png`, fullPage: true })
})
