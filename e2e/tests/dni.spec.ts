import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from '@playwright/test'
import { postWebhook, sid, webhookUrl } from './carrier'
import { expect, signIn, test } from './helpers'

// Dynamic number insertion end to end: a tag made in the UI, its snippet pasted into a landing
// page served from another origin, numbers swapped for each visitor, and their sessions listed;
// then a signed carrier call to the first visitor's number, credited to their visit, the pool's
// usage chart, and the source report.

/** The number the landing page prints, which the tag swaps wherever it appears. */
const SITE_NUMBER = { e164: '+18005550000', national: '(800) 555-0000' }

/** Three numbers unique to this run: a real area code and 555-01xx (fictional) lines. */
function poolNumbers(): { e164: string; national: string }[] {
  const area = [213, 305, 404, 617, 702][Math.floor(Math.random() * 5)]
  const first = 100 + Math.floor(Math.random() * 97)
  return [0, 1, 2].map((i) => {
    const line = String(first + i).padStart(4, '0')
    return { e164: `+1${area}555${line}`, national: `(${area}) 555-${line}` }
  })
}

/** A landing page with the snippet: a marked number, a tel: link, and a number added after 1 s. */
function landingPage(jsCode: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Spring offer</title></head>
<body>
  <h1>Spring offer</h1>
  <p>Call us: <span class="phone-number" id="marked">${SITE_NUMBER.national}</span></p>
  <p><a id="tel" href="tel:${SITE_NUMBER.e164}">Call ${SITE_NUMBER.national}</a></p>
  <div id="later"></div>
  <script>
    setTimeout(function () {
      var span = document.createElement('span');
      span.className = 'phone-number';
      span.id = 'late';
      span.textContent = '${SITE_NUMBER.national}';
      document.getElementById('later').appendChild(span);
    }, 1000);
  </script>
  ${jsCode}
</body>
</html>`
}

/** Serves `html` at every path on a free loopback port (another origin than the app's). */
async function serve(html: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { server, origin: `http://127.0.0.1:${port}` }
}

/** Opens the landing page in a fresh visitor (its own cookies and storage) and returns the number shown. */
async function visit(browser: Browser, url: string, pool: { national: string; e164: string }[]) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(url)
  const marked = page.locator('#marked')
  await expect(marked).not.toHaveText(SITE_NUMBER.national, { timeout: 10_000 })
  const shown = (await marked.textContent()) ?? ''
  const number = pool.find((n) => n.national === shown)
  expect(number, `the page shows a pool number, not ${shown}`).toBeDefined()
  return { context, page, number: number! }
}

async function expectSwapped(page: Page, number: { national: string; e164: string }) {
  await expect(page.locator('#marked')).toHaveText(number.national)
  await expect(page.locator('#tel')).toHaveAttribute('href', `tel:${number.e164}`)
  await expect(page.locator('#tel')).toHaveText(`Call ${number.national}`)
  // Added after the snippet ran: swapped too.
  await expect(page.locator('#late')).toHaveText(number.national, { timeout: 5_000 })
}

test('a tracking tag swaps each visitor’s number on another site and lists their sessions', async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000)
  await signIn(page)
  const api = page.request
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`
  const numbers = poolNumbers()

  // A pool of three numbers and a pool campaign using it, through the API.
  const pool = await (await api.post('/api/pools', { data: { name: `DNI pool ${stamp}` } })).json()
  const added = await api.post(`/api/pools/${pool.id}/numbers`, { data: { phoneNumbers: numbers.map((n) => n.e164) } })
  expect(added.status(), await added.text()).toBe(200)
  const created = await api.post('/api/campaigns', { data: { name: `DNI campaign ${stamp}`, type: 'pool', poolId: pool.id } })
  expect(created.status(), await created.text()).toBe(201)
  const campaign = await created.json()

  // The tag, made in the UI.
  await page.goto('/dni')
  await expect(page.getByRole('heading', { level: 1, name: 'DNI' })).toBeVisible()
  await page.getByRole('button', { name: 'New tracking tag' }).first().click()
  await expect(page).toHaveURL('/dni/new')
  const form = page.getByRole('form', { name: 'New tracking tag' })
  const tagName = `Spring offer ${stamp}`
  const tagCode = `spring_${stamp}`
  await form.getByRole('textbox', { name: 'Name' }).fill(tagName)
  await form.getByRole('textbox', { name: /Tag code/ }).fill(tagCode)
  await form.getByRole('combobox', { name: /Campaign/ }).click()
  await page.getByRole('option', { name: campaign.name }).click()
  await form.getByRole('textbox', { name: 'Numbers to swap' }).fill(SITE_NUMBER.e164)
  await form.getByRole('button', { name: 'Create tag' }).click()
  await expect(page).toHaveURL(/\/dni\/\d+\?tab=install$/)
  await expect(page.getByRole('heading', { level: 1, name: tagName })).toBeVisible()
  const tagId = Number(/\/dni\/(\d+)/.exec(page.url())![1])

  // Install: copy the snippet; the script comes from this server's public URL.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL })
  await page.getByRole('button', { name: 'Copy snippet' }).click()
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible()
  const jsCode = await page.evaluate(() => navigator.clipboard.readText())
  expect(jsCode).toBe(((await page.getByLabel('Tracking snippet').textContent()) ?? '').trim())
  expect(jsCode).toContain(`src="${baseURL}/dni.js?v=`)
  expect(jsCode).toContain(`data-tag="${tagCode}"`)
  await expect(page.getByText('Not seen yet — open a page with the snippet, then refresh.')).toBeVisible()

  const { server, origin } = await serve(landingPage(jsCode))
  try {
    const url = `${origin}/offer?utm_source=google&utm_medium=cpc`
    const first = await visit(browser, url, numbers)
    await expectSwapped(first.page, first.number)

    // A reload keeps the visitor's number.
    await first.page.reload()
    await expect(first.page.locator('#marked')).toHaveText(first.number.national, { timeout: 10_000 })
    await expectSwapped(first.page, first.number)

    // Another visitor at the same time gets another number.
    const second = await visit(browser, `${origin}/offer?utm_source=bing&utm_medium=cpc`, numbers)
    expect(second.number.e164).not.toBe(first.number.e164)
    await expectSwapped(second.page, second.number)

    // The install check saw the page.
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect(page.getByRole('tabpanel', { name: 'Install' }).getByText(`${origin}/offer`, { exact: false })).toBeVisible()

    // The Sessions tab lists both, live, with their source.
    await page.getByRole('tab', { name: 'Sessions' }).click()
    const table = page.getByRole('table', { name: 'Visitor sessions' })
    const firstRow = table.getByRole('row').filter({ hasText: first.number.national.replace(/\D/g, '').slice(-4) })
    await expect(firstRow).toHaveCount(1)
    await expect(firstRow).toContainText('Live')
    await expect(firstRow).toContainText('Source:google')
    await expect(firstRow).toContainText('Medium:cpc')
    await expect(firstRow).toContainText(`${origin}/offer`)
    const secondRow = table.getByRole('row').filter({ hasText: 'Source:bing' })
    await expect(secondRow).toHaveCount(1)

    // The list shows the tag as installed, with its numbers in use.
    await page.goto(`/dni?search=${encodeURIComponent(tagCode)}`)
    const row = page.getByRole('row').filter({ hasText: tagName })
    await expect(row).toContainText('2 / 3 in use')
    await expect(row).toContainText(`Seen on ${origin}/offer`)
    expect(tagId).toBeGreaterThan(0)

    // A signed carrier call to the number the first visitor was shown is credited to their visit.
    const callSid = sid('CA')
    const accountSid = sid('AC')
    const caller = `+1646555${String(100 + Math.floor(Math.random() * 100)).padStart(4, '0')}`
    const base = { CallSid: callSid, AccountSid: accountSid, From: caller, To: first.number.e164, Direction: 'inbound', ApiVersion: '2010-04-01' }
    const incoming = await postWebhook(page.request, webhookUrl(baseURL!, '/api/webhooks/twilio'), { ...base, CallStatus: 'ringing' })
    expect(incoming.status(), await incoming.text()).toBe(200)
    const completed = await postWebhook(page.request, webhookUrl(baseURL!, '/api/webhooks/twilio/status'), {
      ...base,
      CallStatus: 'completed',
      CallDuration: '42',
    })
    expect(completed.status(), await completed.text()).toBe(200)

    await page.goto(`/enhanced-reporting?search=${callSid}`)
    await page.getByRole('table', { name: 'Calls' }).getByRole('button', { name: `Details of call ${callSid}` }).click()
    const panel = page.getByRole('dialog', { name: 'Call details' })
    const webVisit = panel.getByRole('region', { name: 'Web visit' })
    await expect(webVisit.getByRole('link', { name: tagName })).toHaveAttribute('href', `/dni/${tagId}`)
    await expect(webVisit).toContainText('Sourcegoogle')
    await expect(webVisit).toContainText('Mediumcpc')
    await expect(webVisit).toContainText(`${origin}/offer?utm_source=google&utm_medium=cpc`)
    await expect(webVisit.getByRole('list', { name: 'Credit by session' })).toContainText('google / cpc')
    await page.keyboard.press('Escape')

    // The Usage tab charts the numbers held against the pool's size.
    await page.goto(`/dni/${tagId}?tab=usage`)
    const chart = page.getByRole('img', { name: /^Numbers held at once/ })
    await expect(chart).toBeVisible()
    await expect(chart).toHaveAttribute('aria-label', /pool size 3, recommended \d+, highest [12]/)
    await expect(chart.getByText('Pool size (3)')).toBeVisible()
    await expect(page.getByTestId('usage-verdict')).toContainText('95th percentile')
    const tagSources = page.getByRole('table', { name: 'Sources of this tag' })
    await expect(tagSources.getByRole('row').filter({ hasText: 'google' })).toContainText('cpc')

    // The source report on /dni: google · cpc with the one call.
    await page.goto('/dni')
    await page.getByRole('combobox', { name: 'Tag' }).click()
    await page.getByRole('option', { name: tagName }).click()
    await expect(page).toHaveURL(new RegExp(`sourceTag=${tagId}`))
    const sources = page.getByRole('table', { name: 'Sources' })
    const google = sources.getByRole('row').filter({ hasText: 'google' })
    await expect(google).toHaveCount(1)
    const cells = google.getByRole('cell')
    await expect(cells.nth(0)).toHaveText('google')
    await expect(cells.nth(1)).toHaveText('cpc')
    await expect(cells.nth(3)).toHaveText('1')
    const bing = sources.getByRole('row').filter({ hasText: 'bing' })
    await expect(bing.getByRole('cell').nth(3)).toHaveText('0')

    // One attribution model for every tag: the select asks the server for it and the table
    // follows. Each visitor had one session, so google keeps its whole call under any model.
    const firstTouch = page.waitForResponse((r) => r.url().includes('/api/dni/sources') && r.url().includes('model=first_touch'))
    await page.getByRole('combobox', { name: 'Attribution model' }).click()
    await page.getByRole('option', { name: 'First touch' }).click()
    expect((await firstTouch).status()).toBe(200)
    await expect(page).toHaveURL(/sourceModel=first_touch/)
    await expect(page.getByRole('textbox', { name: 'Half-life (days)' })).toHaveCount(0)
    await expect(google.getByRole('cell').nth(3)).toHaveText('1')
    const timeDecay = page.waitForResponse((r) => r.url().includes('model=time_decay') && r.url().includes('halfLifeDays=14'))
    await page.getByRole('combobox', { name: 'Attribution model' }).click()
    await page.getByRole('option', { name: 'Time decay' }).click()
    await page.getByRole('textbox', { name: 'Half-life (days)' }).fill('14')
    expect((await timeDecay).status()).toBe(200)
    await expect(google.getByRole('cell').nth(3)).toHaveText('1')
    await expect(bing.getByRole('cell').nth(3)).toHaveText('0')

    await first.context.close()
    await second.context.close()
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
})
