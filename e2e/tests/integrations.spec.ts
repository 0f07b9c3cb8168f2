import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { Webhook } from 'standardwebhooks'
import { expect, sidebar, signIn, test } from './helpers'

// Outbound webhooks end to end: an endpoint added in the UI pointing at a local receiver, its
// secret copied from the page, a test event received and its Standard Webhooks signature
// verified, a failing delivery (500) seen in the log and its detail, then replayed and delivered.

interface Received {
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
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
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
    await expect(page.getByText('Not available yet').first()).toBeVisible()

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
