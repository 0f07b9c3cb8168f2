import type { Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { postWebhook, sid, sign, webhookUrl } from './carrier'
import { expect, signIn, test } from './helpers'

// Calls from end to end: a signed carrier webhook routes a call to the demo campaign
// "Medicare Direct", status callbacks complete it, and Enhanced Reporting shows it with
// its routing trace. Then the campaign's Test call, which dials nothing.

/** The demo account's tracking number of "Medicare Direct" and its buyers. */
const TRACKING_NUMBER = '+18562813800'
const MEDICARE_BUYERS = ['Premium Buyer', 'Medicare Direct Line', 'Coast Health Agency'] as const
/** The buyers' numbers (and Premium Buyer's backup) that a <Dial> may ring. */
const MEDICARE_BUYER_NUMBERS = ['+12125550101', '+12125550111', '+13055550102', '+13105550103']

/** A caller number of this run (fictional 555-01xx line), so duplicate-caller rules stay out of the way. */
function uniqueCaller(): string {
  return `+1646555${String(100 + Math.floor(Math.random() * 100)).padStart(4, '0')}`
}

async function openSection(page: Page, title: string, path: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: title, exact: true }).click()
  await expect(page).toHaveURL(path)
  await expect(page.getByRole('heading', { level: 1, name: title, exact: true })).toBeVisible()
}

/** The next Monday-Friday (UTC) after today that is not a demo buyer holiday, as YYYY-MM-DD. */
function nextWeekday(): string {
  const day = new Date()
  for (;;) {
    day.setUTCDate(day.getUTCDate() + 1)
    const iso = day.toISOString().slice(0, 10)
    const weekday = day.getUTCDay()
    if (weekday >= 1 && weekday <= 5 && !iso.endsWith('-12-25') && !iso.endsWith('-01-01')) return iso
  }
}

test('a signed carrier call is routed, completed, and explained in Enhanced Reporting', async ({ page, baseURL }) => {
  const voiceUrl = webhookUrl(baseURL!, '/api/webhooks/twilio')
  const statusUrl = webhookUrl(baseURL!, '/api/webhooks/twilio/status')
  const callSid = sid('CA')
  const accountSid = sid('AC')
  const caller = uniqueCaller()
  const incoming = {
    CallSid: callSid,
    AccountSid: accountSid,
    From: caller,
    To: TRACKING_NUMBER,
    CallStatus: 'ringing',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
    FromCity: 'NEW YORK',
    FromState: 'NY',
    FromZip: '10001',
    FromCountry: 'US',
  }

  await test.step('a forged signature is refused with 403', async () => {
    const forged = { ...incoming, CallSid: sid('CA') }
    const response = await postWebhook(page.request, voiceUrl, forged, sign(voiceUrl, forged, 'not-the-auth-token'))
    expect(response.status()).toBe(403)
    const missing = await page.request.post(voiceUrl, { form: forged })
    expect(missing.status()).toBe(403)
  })

  let routed = false
  await test.step('the signed incoming call answers valid TwiML (a <Dial> when routed)', async () => {
    const response = await postWebhook(page.request, voiceUrl, incoming)
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toContain('xml')
    const twiml = (await response.text()).trim()
    expect(twiml).toMatch(/^(<\?xml[^>]*\?>\s*)?<Response>[\s\S]*<\/Response>$/)
    // The demo buyers keep business hours: outside them nobody takes the call, and the caller hears why.
    routed = twiml.includes('<Dial')
    if (routed) {
      const dialled = [...twiml.matchAll(/<Number[^>]*>([^<]+)<\/Number>/g)].map((m) => m[1])
      expect(dialled.length).toBeGreaterThan(0)
      for (const number of dialled) expect(MEDICARE_BUYER_NUMBERS).toContain(number)
    } else {
      expect(twiml).toMatch(/<Say|<Hangup|<Play/)
    }
  })

  await test.step('signed status callbacks complete the call', async () => {
    const base = { CallSid: callSid, AccountSid: accountSid, From: caller, To: TRACKING_NUMBER, Direction: 'inbound', ApiVersion: '2010-04-01' }
    if (routed) {
      const progress = await postWebhook(page.request, statusUrl, { ...base, CallStatus: 'in-progress' })
      expect(progress.status()).toBe(200)
    }
    const completed = await postWebhook(page.request, statusUrl, { ...base, CallStatus: 'completed', CallDuration: '95' })
    expect(completed.status()).toBe(200)
    const body = await completed.json()
    expect(body.received).toBe(true)
    expect(typeof body.callId).toBe('number')
    // A forged callback changes nothing.
    const forged = await postWebhook(page.request, statusUrl, { ...base, CallStatus: 'failed' }, 'Zm9yZ2Vk')
    expect(forged.status()).toBe(403)
  })

  await test.step('Enhanced Reporting finds the call by its CallSid and shows its routing trace', async () => {
    await signIn(page)
    await openSection(page, 'Enhanced Reporting', '/enhanced-reporting')
    await page.getByRole('searchbox', { name: 'Search' }).fill(callSid)
    await expect(page).toHaveURL(new RegExp(`search=${callSid}`))
    const table = page.getByRole('table', { name: 'Calls' })
    const open = table.getByRole('button', { name: `Details of call ${callSid}` })
    await expect(open).toBeVisible()
    await expect(table.getByRole('button', { name: /^Details of call / })).toHaveCount(1)
    const row = table.getByRole('row').filter({ has: page.getByRole('button', { name: `Details of call ${callSid}` }) })
    await expect(row).toContainText('Medicare Direct')
    await expect(row).toContainText('+1 646-555-')
    // A routed call takes the carrier's final status; one nobody took keeps its own.
    await expect(row).toContainText(routed ? 'Completed' : /No route|Rejected/)
    await expect(row).toContainText('1:35')

    // The export link carries the search (and the sort shown).
    await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      new RegExp(`^/api/calls/export\\.csv\\?search=${callSid}(&|$)`),
    )

    await open.click()
    const panel = page.getByRole('dialog', { name: 'Call details' })
    await expect(panel.getByText(callSid).first()).toBeVisible()
    await expect(panel.getByRole('region', { name: 'Money' })).toBeVisible()
    await expect(panel.getByRole('region', { name: 'Routing outcome' })).toContainText(routed ? 'Routed' : /No route|Rejected/)

    await panel.getByRole('tab', { name: 'Technical' }).click()
    const trace = panel.getByRole('table', { name: 'Routing decision trace' })
    await expect(trace).toBeVisible()
    for (const name of MEDICARE_BUYERS) {
      await expect(trace.getByRole('row').filter({ hasText: name })).toHaveCount(1)
    }
    if (routed) await expect(trace.getByRole('row').filter({ hasText: 'Selected' })).toHaveCount(1)
    await expect(panel.getByRole('region', { name: 'Timings' })).toContainText('Routing attempts')

    await panel.getByRole('tab', { name: 'RTB Analytics' }).click()
    await expect(panel.getByText('No auction for this call')).toBeVisible()
    await panel.getByRole('tab', { name: 'Recordings' }).click()
    await expect(panel.getByText('No recording')).toBeVisible()
  })

  await test.step('Export CSV downloads the filtered calls: a header and this call', async () => {
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog', { name: 'Call details' })).toBeHidden()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()])
    expect(download.suggestedFilename()).toMatch(/^calls-\d{4}-\d{2}-\d{2}\.csv$/)
    const lines = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/)
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(callSid)
  })
})

test('test call journey: Medicare Direct on a weekday at 15:00 UTC names a buyer and dials nothing', async ({ page }) => {
  await signIn(page)
  await openSection(page, 'Campaigns', '/campaigns')
  await page.getByRole('link', { name: 'Medicare Direct', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Medicare Direct' })).toBeVisible()

  const form = page.getByRole('form', { name: 'Test call' })
  await expect(page.getByText('Nothing is dialled and no cap is used.')).toBeVisible()
  await form.getByRole('textbox', { name: /Caller number/ }).fill('(212) 555-0147')
  await form.getByRole('textbox', { name: 'Caller state' }).fill('NY')
  await form.getByLabel('Call time (UTC)').fill(`${nextWeekday()}T15:00`)
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/simulate') && r.request().method() === 'POST'),
    form.getByRole('button', { name: 'Run test call' }).click(),
  ])
  expect(answer.status()).toBe(200)
  expect(answer.request().postDataJSON()).toMatchObject({ at: expect.stringMatching(/T15:00:00Z$/) })

  const result = page.getByRole('region', { name: 'Test call result' })
  // 10:00 in New York: Premium Buyer (priority) and Medicare Direct Line are open; Coast Health (7:00 in LA) is not.
  await expect(result.getByText(/^(Premium Buyer|Medicare Direct Line) would get this call$/)).toBeVisible()
  const trace = result.getByRole('table', { name: 'Routing trace of the test call' })
  for (const name of MEDICARE_BUYERS) await expect(trace.getByRole('row').filter({ hasText: name })).toHaveCount(1)
  await expect(trace.getByRole('row').filter({ hasText: 'Coast Health Agency' })).toContainText('Skipped')
  await expect(result.getByRole('table', { name: 'Eligible buyers, in the order they would be tried' })).toContainText('Premium Buyer')

  // Nothing was dialled: no call was recorded for the test.
  const calls = await page.request.get('/api/calls?search=2125550147')
  expect(calls.status()).toBe(200)
  expect((await calls.json()).total).toBe(0)
})
