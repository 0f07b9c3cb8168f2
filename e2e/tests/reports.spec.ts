import type { Download, Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { postWebhook, sid, webhookUrl } from './carrier'
import { expect, signIn, test } from './helpers'

// Reporting from end to end: a signed carrier call to the demo campaign "Medicare Direct"
// gives the reports something to count; Enhanced Reporting → Trends draws it; Reports builds
// calls and revenue by campaign, runs it, saves it, schedules it weekly to an address, and
// exports it as CSV, Excel and PDF (checked by content type and by the files' first bytes).

/** The demo account's tracking number of "Medicare Direct". */
const TRACKING_NUMBER = '+18562813800'

/** Calls a caller of this run, completed after 95 seconds (routed or not, it is counted). */
async function placeCall(page: Page, baseURL: string): Promise<void> {
  const callSid = sid('CA')
  const accountSid = sid('AC')
  const caller = `+1646555${String(100 + Math.floor(Math.random() * 100)).padStart(4, '0')}`
  const base = { CallSid: callSid, AccountSid: accountSid, From: caller, To: TRACKING_NUMBER, Direction: 'inbound', ApiVersion: '2010-04-01' }
  const voice = await postWebhook(page.request, webhookUrl(baseURL, '/api/webhooks/twilio'), {
    ...base,
    CallStatus: 'ringing',
    FromState: 'NY',
    FromCity: 'NEW YORK',
  })
  expect(voice.status()).toBe(200)
  const done = await postWebhook(page.request, webhookUrl(baseURL, '/api/webhooks/twilio/status'), { ...base, CallStatus: 'completed', CallDuration: '95' })
  expect(done.status()).toBe(200)
}

/** Clicks an export button and answers the download with the server's content type and the file's bytes. */
async function exportAs(page: Page, label: 'CSV' | 'Excel' | 'PDF', ext: string): Promise<{ download: Download; contentType: string; bytes: Buffer }> {
  const [response, download] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/reports/run.${ext}`) && r.request().method() === 'POST'),
    page.waitForEvent('download'),
    page.getByRole('group', { name: 'Export report' }).getByRole('button', { name: `Export ${label}` }).click(),
  ])
  expect(response.status()).toBe(200)
  return { download, contentType: response.headers()['content-type'] ?? '', bytes: readFileSync(await download.path()) }
}

async function choose(page: Page, scope: ReturnType<Page['getByRole']>, combobox: string, option: string) {
  await scope.getByRole('combobox', { name: combobox }).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

test('trends draw the calls; a report by campaign is run, saved, scheduled weekly and exported', async ({ page, baseURL }) => {
  test.setTimeout(90_000)
  const name = `E2E campaign revenue ${Date.now().toString(36)}`
  const recipient = `reports-${Date.now().toString(36)}@example.com`

  await test.step('a call to Medicare Direct is recorded', async () => {
    await placeCall(page, baseURL!)
  })

  await test.step('Trends: the four charts are drawn from the calls', async () => {
    await signIn(page)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enhanced Reporting', exact: true }).click()
    await page.getByRole('tab', { name: 'Trends' }).click()
    await expect(page).toHaveURL(/[?&]tab=trends/)
    for (const chart of ['Calls by hour of the day', 'Calls, revenue and conversion rate per day', 'Calls and conversions by campaign']) {
      await expect(page.getByRole('img', { name: chart }).locator('svg').first()).toBeVisible()
    }
    const campaigns = page.getByRole('table', { name: 'Campaign comparison' })
    await expect(campaigns.getByRole('row').filter({ hasText: 'Medicare Direct' })).toHaveCount(1)
    await expect(campaigns.getByRole('row').filter({ hasText: /^Total/ })).toHaveCount(1)
    await expect(page.getByRole('table', { name: 'Buyer performance' })).toBeVisible()

    const period = page.getByRole('group', { name: 'Trend period' })
    await period.getByRole('combobox', { name: 'Period' }).click()
    await page.getByRole('option', { name: 'Last 7 days' }).click()
    await expect(period.getByRole('combobox', { name: 'Period' })).toHaveText('Last 7 days')
    await expect(page).toHaveURL(/[?&]range=last7(&|$)/)
    await expect(campaigns.getByRole('row').filter({ hasText: 'Medicare Direct' })).toHaveCount(1)
  })

  const builder = page.getByRole('form', { name: 'Report builder' })
  await test.step('Reports: calls and revenue by campaign is run, with its chart and a totals row', async () => {
    await page.getByRole('tab', { name: 'Reports' }).click()
    await expect(builder).toBeVisible()
    await choose(page, builder, 'Group by', 'Campaign')
    await choose(page, builder, 'Then by', 'None')
    for (const metric of ['Calls', 'Connected', 'Converted', 'Conversion rate', 'Revenue', 'Payout', 'Cost', 'Profit', 'Avg. duration', 'Revenue per call']) {
      const box = builder.getByRole('checkbox', { name: metric, exact: true })
      const wanted = metric === 'Calls' || metric === 'Revenue'
      if ((await box.getAttribute('aria-checked')) !== String(wanted)) await box.click()
    }
    await choose(page, builder, 'Period', 'Last 30 days')

    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/reports/run') && r.request().method() === 'POST'),
      builder.getByRole('button', { name: 'Run report' }).click(),
    ])
    expect(answer.status()).toBe(200)
    expect(answer.request().postDataJSON()).toMatchObject({ dimensions: ['campaign'], metrics: ['calls', 'revenue'], range: 'last30' })

    const result = page.getByRole('region', { name: 'Report result' })
    await expect(result.getByRole('img', { name: /calls, revenue by campaign/ }).locator('svg').first()).toBeVisible()
    const table = result.getByRole('table')
    await expect(table.getByRole('columnheader')).toHaveText(['Campaign', 'Calls', 'Revenue'])
    await expect(table.getByRole('row').filter({ hasText: 'Medicare Direct' })).toHaveCount(1)
    await expect(table.getByRole('row').last()).toContainText('Total')
  })

  await test.step('the report is saved under a name and listed', async () => {
    await builder.getByRole('button', { name: 'Save report…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Save report' })
    await dialog.getByRole('textbox', { name: 'Report name' }).fill(name)
    await dialog.getByRole('button', { name: 'Save report' }).click()
    await expect(dialog).toBeHidden()
    await expect(page.getByRole('heading', { name: `Editing “${name}”` })).toBeVisible()
    await expect(page.getByRole('list', { name: 'Saved reports' }).getByRole('listitem', { name })).toContainText('Calls, Revenue by campaign · Last 30 days')
  })

  await test.step('it is scheduled weekly, Monday 08:00, to one address', async () => {
    await page.getByRole('button', { name: `Schedule ${name}` }).click()
    const dialog = page.getByRole('dialog', { name: `Schedule “${name}”` })
    await choose(page, dialog, 'Frequency', 'Weekly')
    await choose(page, dialog, 'Weekday', 'Monday')
    await choose(page, dialog, 'Hour', '08:00')
    // A bad address is refused before anything is sent.
    await dialog.getByRole('textbox', { name: /Recipients/ }).fill('not-an-address')
    await dialog.getByRole('button', { name: 'Save schedule' }).click()
    await expect(dialog.getByText('Not an e-mail address: not-an-address')).toBeVisible()

    await dialog.getByRole('textbox', { name: /Recipients/ }).fill(recipient)
    const [saved] = await Promise.all([
      page.waitForResponse((r) => /\/api\/reports\/\d+$/.test(r.url()) && r.request().method() === 'PUT'),
      dialog.getByRole('button', { name: 'Save schedule' }).click(),
    ])
    expect(saved.status()).toBe(200)
    const report = await saved.json()
    expect(report.schedule).toEqual({ frequency: 'weekly', weekday: 1, hour: 8, recipients: [recipient] })
    expect(report.nextRunAt).toEqual(expect.any(String))
    await expect(dialog.getByText(/^Next delivery: /)).toBeVisible()

    // Without SMTP settings the dialog says so up front and holds Send now back.
    await expect(dialog.getByLabel('E-mail status')).toContainText('E-mail is not configured on this server')
    await expect(dialog.getByRole('button', { name: 'Send now' })).toBeDisabled()
    // A delivery asked for anyway (through the API) records why it could not go.
    const sent = await page.request.post(`/api/reports/${report.id}/send`)
    expect(sent.status()).toBe(202)
    expect((await sent.json()).recipients).toEqual([recipient])
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: `Schedule ${name}` }).click()
    const history = dialog.getByRole('table', { name: 'Delivery history' })
    await expect(history.getByRole('row')).toHaveCount(2)
    await expect(history.getByRole('row').nth(1)).toContainText(recipient)
    await expect(history.getByRole('row').nth(1)).toContainText('e-mail is not configured', { timeout: 20_000 })
    await expect(history.getByRole('row').nth(1)).toContainText(/Pending|Failed/)
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    await expect(page.getByRole('listitem', { name })).toContainText('Weekly on Monday at 08:00')

    // The server kept it.
    const listed = await page.request.get('/api/reports')
    expect(listed.status()).toBe(200)
    const mine = (await listed.json()).reports.find((r: { name: string }) => r.name === name)
    expect(mine?.schedule).toEqual({ frequency: 'weekly', weekday: 1, hour: 8, recipients: [recipient] })
  })

  await test.step('it exports as CSV, Excel and PDF', async () => {
    const csv = await exportAs(page, 'CSV', 'csv')
    expect(csv.contentType).toMatch(/^text\/csv/)
    expect(csv.download.suggestedFilename()).toMatch(/\.csv$/)
    expect(csv.bytes.toString('utf8')).toContain('Medicare Direct')

    const xlsx = await exportAs(page, 'Excel', 'xlsx')
    expect(xlsx.contentType).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(xlsx.download.suggestedFilename()).toMatch(/\.xlsx$/)
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK')

    const pdf = await exportAs(page, 'PDF', 'pdf')
    expect(pdf.contentType).toContain('application/pdf')
    expect(pdf.download.suggestedFilename()).toMatch(/\.pdf$/)
    expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF')
  })
})

test('the dashboard’s Recent activity shows a new buyer as soon as it is added', async ({ page }) => {
  const name = `E2E activity buyer ${Date.now().toString(36)}`
  await signIn(page)
  const card = page.getByText('Recent activity', { exact: true })
  await expect(card).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible()

  const created = await page.request.post('/api/buyers', {
    data: { name, phone: `+1646555${String(Math.floor(Math.random() * 100)).padStart(4, '0')}` },
  })
  expect(created.status()).toBe(201)

  // No reload: the activity event on /api/events refreshes the card.
  const entry = page.getByRole('list', { name: 'Recent activity' }).getByRole('listitem').filter({ hasText: name })
  await expect(entry).toBeVisible({ timeout: 10_000 })
  await expect(entry).toContainText('Buyer · created · just now')
  await expect(entry.getByRole('img', { name: 'Info' })).toBeVisible()
})

test('the call explorer links Excel and PDF exports of the filtered calls', async ({ page }) => {
  await signIn(page)
  await page.goto('/enhanced-reporting?status=completed')
  for (const [label, ext, magic, type] of [
    ['Export Excel', 'xlsx', 'PK', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['Export PDF', 'pdf', '%PDF', 'application/pdf'],
  ] as const) {
    const link = page.getByRole('link', { name: label })
    await expect(link).toHaveAttribute('href', `/api/calls/export.${ext}?status=completed&sort=createdAt&order=desc`)
    const response = await page.request.get((await link.getAttribute('href'))!)
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toContain(type)
    expect((await response.body()).subarray(0, magic.length).toString('latin1')).toBe(magic)
  }
})
