import type { Page } from '@playwright/test'
import { expect, signIn, test } from './helpers'

// The management sections (campaigns, buyers, number pools, phone numbers) against the
// real server. One server serves the whole run, so every test makes names and numbers
// of its own.

/** A number unique to this run: a real US area code and a 555-01xx (fictional) line. */
const AREA_CODES = [212, 312, 415, 646, 718, 305, 617, 702, 213, 404]
let counter = Math.floor(Math.random() * 400)
function uniqueNumber(): { typed: string; shown: string } {
  counter += 1
  const area = AREA_CODES[Math.floor(counter / 100) % AREA_CODES.length]
  const last = String(100 + (counter % 100)).padStart(4, '0')
  return { typed: `(${area}) 555-${last}`, shown: `+1 ${area}-555-${last}` }
}

function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`
}

async function openSection(page: Page, title: string, path: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: title, exact: true }).click()
  await expect(page).toHaveURL(path)
  await expect(page.getByRole('heading', { level: 1, name: title, exact: true })).toBeVisible()
}

test.beforeEach(async ({ page }) => {
  await signIn(page)
})

test('a signed-in visit to /login goes to the dashboard', async ({ page }) => {
  await page.goto('/login')
  await expect(page).toHaveURL('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
})

test('number pool journey: create a pool, add numbers, see them on Phone Numbers with their history', async ({ page }) => {
  const poolName = uniqueName('Pool')
  const first = uniqueNumber()
  const second = uniqueNumber()

  await openSection(page, 'Number Pools', '/pools')
  await page.getByRole('button', { name: 'Create pool' }).first().click()
  const create = page.getByRole('dialog', { name: 'Create pool' })
  await create.getByRole('textbox', { name: 'Pool name' }).fill(poolName)
  await create.getByRole('textbox', { name: 'Description' }).fill('Made by the e2e tests')
  await create.getByRole('button', { name: 'Create pool' }).click()

  // Creating a pool opens it, ready for numbers.
  await expect(page.getByRole('heading', { level: 1, name: poolName })).toBeVisible()
  await expect(page.getByText('This pool has no numbers yet')).toBeVisible()

  await page.getByRole('button', { name: 'Add numbers' }).first().click()
  const add = page.getByRole('dialog', { name: 'Add numbers to the pool' })
  await add.getByRole('tab', { name: /Enter numbers/ }).click()
  await add.getByLabel('Numbers, one per line').fill(`${first.typed}\n${second.typed}\n`)
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/numbers') && r.request().method() === 'POST'),
    add.getByRole('button', { name: 'Add 2 numbers' }).click(),
  ])
  expect(answer.status()).toBe(200)
  await expect(add).toBeHidden()

  const numbers = page.getByRole('table', { name: 'Numbers in this pool' })
  await expect(numbers.getByText(first.shown)).toBeVisible()
  await expect(numbers.getByText(second.shown)).toBeVisible()
  const figures = page.getByRole('region', { name: 'Pool figures' })
  await expect(figures.getByText('Phone Numbers')).toBeVisible()

  // Back on the list, the pool counts its numbers.
  await page.getByRole('link', { name: 'All pools' }).click()
  await page.getByRole('searchbox', { name: 'Search' }).fill(poolName)
  const row = page.getByRole('row').filter({ hasText: poolName })
  await expect(row).toHaveCount(1)
  await expect(row.getByRole('progressbar', { name: `Usage rate of ${poolName}` })).toBeVisible()

  // Phone Numbers shows the pool, and the number's history says it joined the pool.
  await openSection(page, 'Phone Numbers', '/phone-numbers')
  await page.getByRole('searchbox', { name: 'Search' }).fill(first.typed.replace(/\D/g, ''))
  const numberRow = page.getByRole('row').filter({ hasText: first.shown })
  await expect(numberRow.getByRole('link', { name: poolName })).toBeVisible()
  await numberRow.getByRole('button', { name: `History of ${first.shown}` }).click()
  const history = page.getByRole('dialog', { name: `History of ${first.shown}` })
  await expect(history.getByText(`Added to pool ${poolName}`)).toBeVisible()
})

test('a number held by another pool is refused with the holding pool named', async ({ page }) => {
  const request = page.request
  const number = uniqueNumber()
  const holder = uniqueName('Holder')
  const other = uniqueName('Other')
  const a = await (await request.post('/api/pools', { data: { name: holder } })).json()
  const b = await (await request.post('/api/pools', { data: { name: other } })).json()
  expect((await request.post(`/api/pools/${a.id}/numbers`, { data: { phoneNumbers: [number.typed] } })).status()).toBe(200)

  await page.goto(`/pools/${b.id}`)
  await page.getByRole('button', { name: 'Add numbers' }).first().click()
  const add = page.getByRole('dialog', { name: 'Add numbers to the pool' })
  await add.getByRole('tab', { name: /Enter numbers/ }).click()
  await add.getByLabel('Numbers, one per line').fill(number.typed)
  await add.getByRole('button', { name: 'Add 1 number' }).click()
  await expect(add.getByRole('alert')).toContainText('No number was added.')
  await expect(add.getByRole('alert')).toContainText(holder)
})

test('CSV import: the dry run reports each row, then only the valid rows are imported', async ({ page }) => {
  const good = uniqueNumber()
  const csv = `number,friendly_name\n${good.typed},E2E import\nnot-a-number,Broken\n${good.typed},Twice\n`

  await openSection(page, 'Phone Numbers', '/phone-numbers')
  await page.getByRole('button', { name: 'Import CSV' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import numbers from CSV' })
  await dialog.getByLabel('…or paste the CSV').fill(csv)
  await dialog.getByRole('button', { name: /Check file/ }).click()

  const report = dialog.getByRole('table', { name: 'Import report' })
  await expect(report.getByRole('row')).toHaveCount(4)
  await expect(report.getByRole('row').filter({ hasText: 'Error' })).toHaveCount(1)
  await expect(report.getByRole('row').filter({ hasText: 'Duplicate' })).toHaveCount(1)
  await expect(dialog.getByText('3 rows checked: 1 valid, 1 row with errors, 1 duplicate.')).toBeVisible()
  // An all-or-nothing import would write nothing with bad rows: only the valid rows are offered.
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toHaveCount(0)

  await dialog.getByRole('button', { name: 'Import 1 valid row, skip 2' }).click()
  await expect(dialog.getByText(/Imported 1 number/)).toBeVisible()
  await dialog.getByRole('button', { name: 'Done' }).click()

  await page.getByRole('searchbox', { name: 'Search' }).fill(good.typed.replace(/\D/g, ''))
  await expect(page.getByRole('row').filter({ hasText: good.shown })).toHaveCount(1)
})

test('buyers: add a buyer with business hours, then find and edit it', async ({ page }) => {
  const name = uniqueName('Buyer')
  await openSection(page, 'Buyers', '/buyers')
  await page.getByRole('button', { name: 'Add buyer' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'Add buyer' })
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name)
  await dialog.getByRole('textbox', { name: 'Company' }).fill('E2E Corp')
  await dialog.getByRole('textbox', { name: 'Phone', exact: true }).fill(uniqueNumber().typed)
  await dialog.getByRole('textbox', { name: 'Max concurrent calls' }).fill('3')
  await dialog.getByRole('switch', { name: 'Business hours' }).click()
  await dialog.getByRole('checkbox', { name: 'Monday' }).click()
  await dialog.getByRole('button', { name: 'Copy Monday to weekdays' }).click()

  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/buyers') && r.request().method() === 'POST'),
    dialog.getByRole('button', { name: 'Add buyer' }).click(),
  ])
  expect(answer.status()).toBe(201)
  const sent = answer.request().postDataJSON()
  expect(sent.schedule.enabled).toBe(true)
  expect(sent.schedule.hours.fri).toEqual([{ start: '09:00', end: '17:00' }])
  expect(sent.schedule.hours.sun).toEqual([])

  await page.getByRole('searchbox', { name: 'Search' }).fill(name)
  const row = page.getByRole('row').filter({ hasText: name })
  await expect(row).toContainText('E2E Corp')
  await expect(row.getByLabel('0 of 3 concurrent calls')).toBeVisible()

  await row.getByRole('button', { name: `Edit ${name}` }).click()
  const edit = page.getByRole('dialog', { name: `Edit ${name}` })
  await expect(edit.getByRole('checkbox', { name: 'Tuesday' })).toBeChecked()
  await expect(edit.getByRole('checkbox', { name: 'Sunday' })).not.toBeChecked()
})

test('campaign journey: create a direct campaign through the wizard and land on its page', async ({ page }) => {
  const request = page.request
  const number = uniqueNumber()
  const buyerName = uniqueName('Wizard buyer')
  const campaignName = uniqueName('Campaign')
  expect((await request.post('/api/phone-numbers', { data: { phoneNumber: number.typed } })).status()).toBe(201)
  expect((await request.post('/api/buyers', { data: { name: buyerName, phone: uniqueNumber().typed } })).status()).toBe(201)

  await openSection(page, 'Campaigns', '/campaigns')
  await page.getByRole('link', { name: 'Create Campaign' }).first().click()
  await expect(page).toHaveURL('/campaigns/new')
  await page.getByRole('textbox', { name: 'Campaign name' }).fill(campaignName)
  await page.getByRole('combobox', { name: 'Status' }).click()
  await page.getByRole('option', { name: 'Active' }).click()
  await page.getByRole('button', { name: /Next/ }).click()

  await page.getByRole('searchbox', { name: 'Search numbers' }).fill(number.typed.replace(/\D/g, ''))
  await page.getByRole('checkbox', { name: new RegExp(number.shown.replace(/[()+]/g, '\\$&')) }).click()
  await page.getByRole('button', { name: /Next/ }).click()

  await page.getByRole('searchbox', { name: 'Search buyers' }).fill(buyerName)
  await page.getByRole('button', { name: `Add ${buyerName}` }).click()
  await page.getByRole('textbox', { name: `Priority for ${buyerName}` }).fill('2')
  await page.getByRole('button', { name: /Next/ }).click()

  await page.getByRole('button', { name: 'Create campaign' }).click()
  await expect(page.getByRole('heading', { level: 1, name: campaignName })).toBeVisible()
  await expect(page.getByText(number.shown)).toBeVisible()
  await expect(page.getByRole('table', { name: 'Buyers of this campaign' }).getByText(buyerName)).toBeVisible()

  await page.getByRole('link', { name: 'All campaigns' }).click()
  await page.getByRole('searchbox', { name: 'Search' }).fill(campaignName)
  const row = page.getByRole('row').filter({ hasText: campaignName })
  await expect(row).toContainText('Active')
  await expect(row).toContainText(number.shown)
})
