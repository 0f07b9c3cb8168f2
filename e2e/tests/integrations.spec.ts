import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { Webhook } from 'standardwebhooks'
import { postWebhook, sid, webhookUrl } from './carrier'
import { expect, sidebar, signIn, test } from './helpers'

// Outbound webhooks end to end: an endpoint added in the UI pointing at a local receiver, its
// secret copied from the page, a test event received and its Standard Webhooks signature
// verified, a failing delivery (500) seen in the log and its detail, then replayed and delivered.
// Pixels: one added in the UI fires at the receiver when a call is marked converted from the
// call's details; a campaign's postback token converts a call from outside.

interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/** An HTTP receiver on a free loopback port that records every request and answers `status`. */
async function startReceiver() {
  const received: Received[] = []
  const state = { status: 200 }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(state.status, { 'Content-Type': 'text/plain' })
      res.end(state.status === 200 ? 'ok' : 'receiver is down for the test')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { server, received, state, url: `http://127.0.0.1:${port}/hooks/callcenter` }
}

/** The signature headers of a received request, as `verify` takes them. */
function signatureHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const pick = (name: string) => String(headers[name] ?? '')
  return { 'webhook-id': pick('webhook-id'), 'webhook-timestamp': pick('webhook-timestamp'), 'webhook-signature': pick('webhook-signature') }
}

async function expectNoSidewaysScroll(page: Page, label: string) {
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible()
  await expect(page.locator('[data-slot=skeleton]')).toHaveCount(0, { timeout: 10_000 })
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }))
  expect(scrollWidth, `${label}: the page is ${scrollWidth}px wide in a ${clientWidth}px window`).toBeLessThanOrEqual(clientWidth)
}

test('a webhook endpoint receives a signed test event, shows failures, and replays them', async ({ page, context }) => {
  test.setTimeout(90_000)
  const receiver = await startReceiver()
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  try {
    await signIn(page)
    await sidebar(page).getByRole('link', { name: 'Integrations', exact: true }).click()
    await expect(page).toHaveURL('/integrations')
    await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible()
    await expect(page.getByRole('heading', { level: 2, name: 'Webhooks' })).toBeVisible()
    await expect(page.getByRole('heading', { level: 2, name: 'Connectors' })).toBeVisible()
    await expect(page.getByText(/not available/i)).toHaveCount(0)

    // Add the endpoint, for every event.
    await page.getByRole('button', { name: 'Add endpoint' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Add endpoint' })
    await dialog.getByLabel('Endpoint URL').fill(receiver.url)
    const description = `E2E receiver ${Date.now().toString(36)}`
    await dialog.getByLabel('Description').fill(description)
    await expect(dialog.getByRole('radio', { name: 'All events' })).toBeChecked()
    await dialog.getByRole('button', { name: 'Add endpoint' }).click()

    // The secret, shown once: copy it as a user would.
    const created = page.getByRole('dialog', { name: 'Endpoint added' })
    await expect(created.getByText("you won't see it again")).toBeVisible()
    const shown = (await created.getByTestId('webhook-secret').textContent())?.trim() ?? ''
    expect(shown).toMatch(/^whsec_/)
    await created.getByRole('button', { name: 'Copy signing secret' }).click()
    const secret = await page.evaluate(() => navigator.clipboard.readText())
    expect(secret).toBe(shown)
    await created.getByRole('button', { name: 'Open endpoint' }).click()
    await expect(page).toHaveURL(/\/integrations\/webhooks\/\d+$/)
    const endpointId = Number(page.url().split('/').at(-1))
    await expect(page.getByRole('heading', { level: 1, name: description })).toBeVisible()
    await expect(page.getByText('Nothing sent yet')).toBeVisible()

    // A test event arrives, signed with that secret.
    await page.getByRole('button', { name: 'Send test event' }).click()
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1)
    const first = receiver.received[0]!
    expect(first.headers['webhook-signature']).toMatch(/^v1,/)
    expect(() => new Webhook(secret).verify(first.body, signatureHeaders(first.headers))).not.toThrow()
    expect(() => new Webhook(secret).verify(`${first.body} `, signatureHeaders(first.headers)), 'a changed body fails').toThrow()
    const event = JSON.parse(first.body) as { event: string }
    expect(event.event).toBe('webhook.test')

    // The log shows it delivered, with the endpoint's 200.
    const log = page.getByRole('table', { name: 'Delivery log' })
    const newest = log.locator('tbody tr').first()
    await expect(newest).toContainText('webhook.test', { timeout: 10_000 })
    await expect(newest).toContainText('Delivered')
    await expect(newest.locator('td').nth(2)).toHaveText('200')

    // The receiver fails: the next test shows as pending (or failed) with the 500.
    receiver.state.status = 500
    await page.getByRole('button', { name: 'Send test event' }).click()
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
    await expect(log.locator('tbody tr')).toHaveCount(2, { timeout: 10_000 })
    await expect(newest.locator('td').nth(2)).toHaveText('500', { timeout: 10_000 })
    await expect(newest).toContainText(/Pending|Failed/)
    await newest.getByRole('button', { name: /^Details of/ }).click()
    const detail = page.getByRole('dialog', { name: 'webhook.test' })
    await expect(detail.getByText('HTTP 500').first()).toBeVisible()
    await expect(detail.getByText('receiver is down for the test').first()).toBeVisible()
    await expect(detail.getByLabel('Body sent')).toContainText('"event": "webhook.test"')

    // Fixed: replay it, and it is delivered.
    receiver.state.status = 200
    await detail.getByRole('button', { name: 'Replay' }).click()
    await expect(page.getByText('Message queued to be sent again')).toBeVisible()
    await expect(detail.getByText('HTTP 200')).toBeVisible({ timeout: 15_000 })
    await expect(detail.getByText('Delivered', { exact: true }).first()).toBeVisible({ timeout: 15_000 })
    await detail.getByRole('button', { name: 'Close' }).first().click()
    await expect(newest).toContainText('Delivered', { timeout: 10_000 })
    await expect(newest.locator('td').nth(2)).toHaveText('200')
    const last = receiver.received.at(-1)!
    expect(() => new Webhook(secret).verify(last.body, signatureHeaders(last.headers))).not.toThrow()

    // On a phone, neither page scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto('/integrations')
    await expect(page.getByText(description)).toBeVisible()
    await expectNoSidewaysScroll(page, 'Integrations on a phone')
    await page.goto(`/integrations/webhooks/${endpointId}`)
    await expect(page.getByRole('heading', { level: 2, name: 'Delivery log' })).toBeVisible()
    await expectNoSidewaysScroll(page, 'Webhook endpoint on a phone')

    // Leave nothing sending to the receiver once it is gone.
    const removed = await page.request.delete(`/api/integrations/webhooks/${endpointId}`)
    expect(removed.ok(), await removed.text()).toBe(true)
  } finally {
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()))
  }
})

interface CallRow {
  id: number
  callSid: string
  campaignId?: string | null
  converted: boolean
}

/**
 * A call of a fresh campaign of the demo account (its own number and buyer), placed through the
 * signed carrier webhooks; short, so not converted. `voiceQuery` goes on the voice webhook's URL
 * (as configured on the number, e.g. `?affiliate=a1`), and the signature covers it.
 */
async function placeShortCall(page: Page, baseURL: string, voiceQuery = ''): Promise<CallRow> {
  const api = page.request
  const stamp = Date.now().toString(36)
  const tracking = `+1856281${5000 + Math.floor(Math.random() * 4999)}`
  const number = await (await api.post('/api/phone-numbers', { data: { phoneNumber: tracking } })).json()
  const buyer = await (await api.post('/api/buyers', { data: { name: `E2E conv buyer ${stamp}`, phone: '+12125550198', payout: '30.00' } })).json()
  const campaign = await (await api.post('/api/campaigns', { data: { name: `E2E conv campaign ${stamp}`, type: 'direct' } })).json()
  expect((await api.post(`/api/campaigns/${campaign.id}/numbers`, { data: { phoneNumberId: number.id } })).ok()).toBe(true)
  expect((await api.put(`/api/campaigns/${campaign.id}/buyers`, { data: [{ buyerId: buyer.id, priority: 5 }] })).ok()).toBe(true)
  expect((await api.patch(`/api/campaigns/${campaign.id}`, { data: { status: 'active' } })).ok()).toBe(true)
  const callSid = sid('CA')
  const caller = `+1646555${String(300 + Math.floor(Math.random() * 99)).padStart(4, '0')}`
  const base = { CallSid: callSid, AccountSid: sid('AC'), From: caller, To: tracking, Direction: 'inbound', ApiVersion: '2010-04-01' }
  expect((await postWebhook(api, webhookUrl(baseURL, `/api/webhooks/twilio${voiceQuery}`), { ...base, CallStatus: 'ringing', FromState: 'NY' })).status()).toBe(200)
  expect((await postWebhook(api, webhookUrl(baseURL, '/api/webhooks/twilio/status'), { ...base, CallStatus: 'completed', CallDuration: '8' })).status()).toBe(200)
  const found = (await (await api.get(`/api/calls?search=${callSid}`)).json()) as { calls: CallRow[] }
  const call = found.calls.find((c) => c.callSid === callSid)
  expect(call, 'the placed call is listed').toBeTruthy()
  expect(call!.converted).toBe(false)
  return call!
}

test('a pixel added in the UI fires when a call is marked converted from its details', async ({ page, baseURL }) => {
  test.setTimeout(90_000)
  const receiver = await startReceiver()
  try {
    await signIn(page)
    await sidebar(page).getByRole('link', { name: 'Integrations', exact: true }).click()
    await expect(page.getByRole('heading', { level: 2, name: 'Tracking pixels' })).toBeVisible()

    // Add the pixel: a GET to the receiver with the call's id and revenue, on "converted".
    await page.getByRole('button', { name: 'Add pixel' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Add pixel' })
    const name = `E2E pixel ${Date.now().toString(36)}`
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name)
    await dialog.getByRole('checkbox', { name: 'Converted', exact: true }).check()
    const url = dialog.getByRole('textbox', { name: 'URL', exact: true })
    await url.fill(`${receiver.url}?cid=`)
    // A token from the picker lands at the cursor.
    await dialog.getByRole('button', { name: 'Insert a token in the URL' }).click()
    await page.getByRole('menuitem', { name: /\[call_id\]/ }).click()
    await url.press('End')
    await url.pressSequentially('&rev=[revenue]')
    await expect(url).toHaveValue(`${receiver.url}?cid=[call_id]&rev=[revenue]`)
    await dialog.getByRole('button', { name: 'Add pixel' }).click()
    await expect(page).toHaveURL(/\/integrations\/pixels\/\d+$/)
    const pixelId = Number(page.url().split('/').at(-1))
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
    await expect(page.getByText('Not fired yet').first()).toBeVisible()

    // Open a call from the calls list and mark it converted with revenue.
    const call = await placeShortCall(page, baseURL!)
    await sidebar(page).getByRole('link', { name: 'Enhanced Reporting', exact: true }).click()
    await page.getByRole('searchbox', { name: 'Search' }).fill(call.callSid)
    const table = page.getByRole('table', { name: 'Calls' })
    await expect(table.getByRole('button', { name: /^Details of call / })).toHaveCount(1)
    await table.getByRole('button', { name: `Details of call ${call.callSid}` }).click()
    const panel = page.getByRole('dialog', { name: 'Call details' })
    const conversions = panel.getByRole('region', { name: 'Conversions' })
    await expect(conversions.getByText('Not converted')).toBeVisible()
    await conversions.getByRole('button', { name: 'Mark converted' }).click()
    const form = conversions.getByRole('form', { name: 'Mark converted' })
    await form.getByLabel('Revenue').fill('37.50')
    await form.getByLabel('Note').fill('e2e sale')
    await form.getByRole('button', { name: 'Mark converted' }).click()
    await expect(page.getByText('Call marked converted')).toBeVisible()
    await expect(conversions.getByText(/with revenue/)).toContainText('$37.50')
    await expect(panel.getByRole('region', { name: 'Money' })).toContainText('$37.50')
    const history = conversions.getByRole('table', { name: 'Conversion history' })
    await expect(history.locator('tbody tr').last()).toContainText('e2e sale')

    // The receiver gets the pixel, with the call's id and revenue filled in.
    await expect
      .poll(() => receiver.received.find((r) => new URL(r.url, 'http://x').searchParams.get('cid') === String(call.id)), { timeout: 15_000 })
      .toBeTruthy()
    const hit = receiver.received.find((r) => new URL(r.url, 'http://x').searchParams.get('cid') === String(call.id))!
    expect(hit.method).toBe('GET')
    expect(Number(new URL(hit.url, 'http://x').searchParams.get('rev'))).toBe(37.5)

    // Tags too: added with Enter, shown as chips.
    const tags = panel.getByRole('region', { name: 'Tags' })
    await tags.getByLabel('New tag').fill('e2e-qualified')
    await tags.getByLabel('New tag').press('Enter')
    await expect(tags.getByText('e2e-qualified')).toBeVisible()
    await tags.getByRole('button', { name: 'Remove tag e2e-qualified' }).click()
    await expect(tags.getByText('e2e-qualified')).toBeHidden()
    await page.keyboard.press('Escape')

    // The pixel's log shows the fire delivered, with the request as sent.
    await page.goto(`/integrations/pixels/${pixelId}`)
    const log = page.getByRole('table', { name: 'Firing log' })
    const row = log.locator('tbody tr').filter({ hasText: `cid=${call.id}&` })
    await expect(row).toContainText('Delivered', { timeout: 15_000 })
    await expect(row).toContainText('200')
    await row.getByRole('button', { name: /^Details of/ }).click()
    const detail = page.getByRole('dialog', { name: 'call.converted' })
    await expect(detail.getByLabel('Request sent')).toContainText(`GET ${receiver.url}?cid=${call.id}&rev=`)
    await expect(detail.getByText('HTTP 200')).toBeVisible()
    await page.keyboard.press('Escape')

    // On a phone, neither page scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 })
    await expectNoSidewaysScroll(page, 'Pixel page on a phone')
    await page.goto('/integrations')
    await expect(page.getByText(name)).toBeVisible()
    await expectNoSidewaysScroll(page, 'Integrations with a pixel on a phone')

    const removed = await page.request.delete(`/api/integrations/pixels/${pixelId}`)
    expect(removed.ok(), await removed.text()).toBe(true)
  } finally {
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()))
  }
})

test("a campaign's postback token converts one of its calls from outside", async ({ page, baseURL }) => {
  await signIn(page)
  const call = await placeShortCall(page, baseURL!)
  await page.goto(`/campaigns/${encodeURIComponent(call.campaignId!)}`)
  const card = page.getByRole('heading', { name: 'Conversion postback' }).locator('xpath=ancestor::*[@data-slot="card"][1]')
  await expect(card.getByTestId('postback-token')).toHaveCount(0)
  await card.getByRole('button', { name: 'Show postback' }).click()
  const shown = card.getByTestId('postback-token')
  await expect(shown).toContainText('•')
  await card.getByRole('button', { name: 'Reveal the token' }).click()
  await expect(shown).not.toContainText('•')
  const token = ((await shown.textContent()) ?? '').trim()
  expect(token.length).toBeGreaterThan(10)
  await expect(card.getByLabel('Example request', { exact: true })).toContainText(`X-Postback-Token: ${token}`)

  // A tracker's request: no session, only the token.
  const origin = new URL(page.url()).origin
  const report = await fetch(`${origin}/api/conversions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Postback-Token': token },
    body: JSON.stringify({ callId: call.id, revenue: '12.34', idempotencyKey: `e2e-${Date.now()}` }),
  })
  expect(report.status, await report.clone().text()).toBe(200)
  const out = (await report.json()) as { converted: boolean; revenue: string; via: string }
  expect(out).toMatchObject({ converted: true, via: 'postback' })
  expect(Number(out.revenue)).toBe(12.34)
  const after = (await (await page.request.get(`/api/calls/${call.id}`)).json()) as { converted: boolean; revenue: string }
  expect(after.converted).toBe(true)
  expect(Number(after.revenue)).toBe(12.34)

  // A wrong token is refused.
  const forged = await fetch(`${origin}/api/conversions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Postback-Token': `${token}x` },
    body: JSON.stringify({ callId: call.id }),
  })
  expect(forged.status).toBe(401)
})

test("a URL parameter defined in the UI is kept from the voice webhook's query, shown on the call, filters the calls and groups a report", async ({ page, baseURL }, testInfo) => {
  test.setTimeout(90_000)
  await signIn(page)
  // A parameter name is unique in the account: start from none called affiliate.
  const existing = (await (await page.request.get('/api/integrations/url-parameters')).json()) as { id: number; parameterName: string }[]
  for (const p of existing.filter((p) => p.parameterName.toLowerCase() === 'affiliate')) {
    expect((await page.request.delete(`/api/integrations/url-parameters/${p.id}`)).ok()).toBe(true)
  }

  await sidebar(page).getByRole('link', { name: 'Integrations', exact: true }).click()
  const section = page.getByRole('region', { name: 'URL parameters' })
  await expect(section.getByRole('heading', { level: 2, name: 'URL parameters' })).toBeVisible()
  await expect(section).toContainText('/api/webhooks/twilio?affiliate=a1')
  await section.getByRole('button', { name: 'Add parameter' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'Add URL parameter' })
  await dialog.getByRole('textbox', { name: 'Parameter name' }).fill('affiliate')
  await dialog.getByRole('textbox', { name: 'Display name' }).fill('Affiliate')
  await dialog.getByRole('button', { name: 'Add parameter' }).click()
  await expect(dialog).toBeHidden()
  const table = section.getByRole('table', { name: 'URL parameters' })
  const row = table.locator('tbody tr').filter({ hasText: 'affiliate' })
  await expect(row).toContainText('Affiliate')
  await expect(row).toContainText('All campaigns')
  await expect(row).toContainText('Active')

  // The same name again, in another case, is refused on the name field.
  await section.getByRole('button', { name: 'Add parameter' }).first().click()
  await dialog.getByRole('textbox', { name: 'Parameter name' }).fill('AFFILIATE')
  await dialog.getByRole('button', { name: 'Add parameter' }).click()
  await expect(dialog.getByText('is already tracked')).toBeVisible()
  await expect(dialog.getByRole('textbox', { name: 'Parameter name' })).toHaveAttribute('aria-invalid', 'true')
  await dialog.getByRole('button', { name: 'Cancel' }).click()

  // A call whose voice webhook URL carries ?affiliate=A1 (signed with its query).
  const call = await placeShortCall(page, baseURL!, '?affiliate=A1')
  const detail = (await (await page.request.get(`/api/calls/${call.id}`)).json()) as { parameters: { name: string; value: string }[] }
  expect(detail.parameters).toEqual([{ name: 'affiliate', displayName: 'Affiliate', value: 'A1' }])

  // Its details show the value under URL parameters.
  await sidebar(page).getByRole('link', { name: 'Enhanced Reporting', exact: true }).click()
  await page.getByRole('searchbox', { name: 'Search' }).fill(call.callSid)
  const calls = page.getByRole('table', { name: 'Calls' })
  await expect(calls.getByRole('button', { name: /^Details of call / })).toHaveCount(1)
  await calls.getByRole('button', { name: `Details of call ${call.callSid}` }).click()
  const panel = page.getByRole('dialog', { name: 'Call details' })
  const parameters = panel.getByRole('region', { name: 'URL parameters' })
  await expect(parameters.getByRole('term')).toHaveText(['Affiliate (affiliate)'])
  await expect(parameters.getByRole('definition')).toHaveText(['A1'])
  await page.keyboard.press('Escape')

  // The calls list, filtered by affiliate = A1 (and no search), has the call; another value has not.
  await page.getByRole('searchbox', { name: 'Search' }).fill('')
  await page.getByRole('combobox', { name: 'URL parameter' }).click()
  await page.getByRole('option', { name: 'Affiliate (affiliate)' }).click()
  await page.getByRole('textbox', { name: 'URL parameter value' }).fill('A1')
  await expect(page).toHaveURL(/param=affiliate%3AA1/)
  await expect(calls.getByRole('button', { name: `Details of call ${call.callSid}` })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', /param=affiliate%3AA1/)
  await page.getByRole('textbox', { name: 'URL parameter value' }).fill('a1')
  await expect(page).toHaveURL(/param=affiliate%3Aa1/)
  await expect(page.getByText('No call matches these filters')).toBeVisible()

  // "Find calls" on the Integrations page opens the list with the parameter picked.
  await page.goto('/integrations')
  await page.getByRole('link', { name: 'Find calls by affiliate' }).click()
  await expect(page).toHaveURL(/\/enhanced-reporting\?paramName=affiliate/)
  await expect(page.getByRole('combobox', { name: 'URL parameter' })).toHaveText('Affiliate (affiliate)')
  await page.getByRole('textbox', { name: 'URL parameter value' }).fill('A1')
  await expect(page.getByRole('table', { name: 'Calls' }).getByRole('button', { name: `Details of call ${call.callSid}` })).toBeVisible()

  // Reports: today's calls grouped by the parameter have a row A1 for the call and "Not set" for one
  // without it; filtered by affiliate = A1, only the call's row is left.
  await placeShortCall(page, baseURL!)
  await page.goto('/enhanced-reporting?tab=reports')
  const builder = page.getByRole('form', { name: 'Report builder' })
  const pick = async (combobox: ReturnType<Page['getByRole']>, option: string) => {
    await combobox.click()
    await page.getByRole('option', { name: option, exact: true }).click()
  }
  await pick(builder.getByRole('combobox', { name: 'Group by' }), 'URL parameter')
  await pick(builder.getByRole('combobox', { name: 'URL parameter' }).first(), 'Affiliate (affiliate)')
  await pick(builder.getByRole('combobox', { name: 'Period' }), 'Today')
  const runReport = async () => {
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/reports/run') && r.request().method() === 'POST'),
      builder.getByRole('button', { name: 'Run report' }).click(),
    ])
    expect(answer.status()).toBe(200)
    return answer.request().postDataJSON() as { dimensions: string[]; parameter: string | null; filters: { param: string | null } }
  }
  expect(await runReport()).toMatchObject({ dimensions: ['parameter'], parameter: 'affiliate', filters: { param: null } })
  const report = page.getByRole('region', { name: 'Report result' }).getByRole('table', { name: 'Report' })
  await expect(report.getByRole('columnheader').first()).toHaveText('URL parameter')
  const a1 = report.getByRole('row').filter({ has: page.getByRole('cell', { name: 'A1', exact: true }) })
  await expect(a1.getByRole('cell').nth(1)).toHaveText('1')
  await expect(report.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Not set', exact: true }) })).toHaveCount(1)

  const filter = builder.getByRole('group', { name: 'URL parameter filter' })
  await pick(filter.getByRole('combobox', { name: 'URL parameter' }), 'Affiliate (affiliate)')
  await filter.getByRole('textbox', { name: 'Value' }).fill('A1')
  expect(await runReport()).toMatchObject({ dimensions: ['parameter'], parameter: 'affiliate', filters: { param: 'affiliate:A1' } })
  await expect(report.locator('tbody tr')).toHaveCount(1)
  await expect(report.locator('tbody tr').getByRole('cell').first()).toHaveText('A1')

  // For humans, not an assertion: the report by the parameter, wide and on a phone.
  for (const [name, viewport] of [
    ['report-by-parameter-1440.png', { width: 1440, height: 900 }],
    ['report-by-parameter-390.png', { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport)
    await builder.getByRole('combobox', { name: 'Group by' }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(testInfo.project.outputDir, name), fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 800 })

  // Saved, it opens again with its parameter and filter.
  const name = `E2E by affiliate ${Date.now().toString(36)}`
  await builder.getByRole('button', { name: 'Save report…' }).click()
  const save = page.getByRole('dialog', { name: 'Save report' })
  await save.getByRole('textbox', { name: 'Report name' }).fill(name)
  await save.getByRole('button', { name: 'Save report' }).click()
  await expect(save).toBeHidden()
  await page.reload()
  await page.getByRole('button', { name: `Open ${name}` }).click()
  await expect(page.getByRole('heading', { name: `Editing “${name}”` })).toBeVisible()
  await expect(builder.getByRole('combobox', { name: 'Group by' })).toHaveText('URL parameter')
  await expect(builder.getByRole('combobox', { name: 'URL parameter' }).first()).toHaveText('Affiliate (affiliate)')
  await expect(filter.getByRole('textbox', { name: 'Value' })).toHaveValue('A1')
  const saved = page.getByRole('region', { name: 'Report result' }).getByRole('table', { name })
  await expect(saved.locator('tbody tr')).toHaveCount(1)
  await expect(saved.locator('tbody tr').getByRole('cell').first()).toHaveText('A1')

  // Deleted after asking.
  await page.goto('/integrations')
  await page.getByRole('button', { name: 'Delete affiliate' }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Delete URL parameter?' })
  await confirm.getByRole('button', { name: 'Delete parameter' }).click()
  await expect(page.getByText('No URL parameters yet')).toBeVisible()
})
