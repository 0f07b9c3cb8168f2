import type { Page } from '@playwright/test'
import { postWebhook, sid, webhookUrl } from './carrier'
import { expect, signIn, test } from './helpers'

/** Drags from `from`'s output handle to `to`'s input handle on the canvas. */
async function connect(page: Page, from: string, output: string, to: string) {
  const source = page.locator(`[data-testid="flow-node-${from}"] .react-flow__handle.source[data-handleid="${output}"]`)
  const target = page.locator(`[data-testid="flow-node-${to}"] .react-flow__handle.target`)
  const a = await source.boundingBox()
  const b = await target.boundingBox()
  if (!a || !b) throw new Error(`handle ${from}.${output} or ${to} not on screen`)
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2)
  await page.mouse.down()
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 })
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 })
  await page.mouse.up()
}

test.beforeEach(async ({ page }) => {
  await signIn(page)
})

test('a call flow is built on the canvas, checked by the server and published', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto('/call-flows')
  await expect(page.getByRole('heading', { level: 1, name: 'Call Flows' })).toBeVisible()
  await page.getByRole('button', { name: 'New call flow' }).first().click()
  const name = `E2E intake ${Date.now()}`
  await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).fill(name)
  await page.getByRole('dialog').getByRole('button', { name: 'Create call flow' }).click()
  await expect(page).toHaveURL(/\/call-flows\/\d+$/)
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()

  // A new flow has its Start node, whose output is not connected yet.
  const start = page.getByTestId('flow-node-start')
  await expect(start).toHaveAttribute('data-problems', '1')

  await page.getByRole('button', { name: 'Add Menu' }).click()
  await page.getByRole('region', { name: 'Properties of menu_1' }).getByRole('textbox', { name: 'Text' }).fill('Press 1 for sales, 2 for support')
  await page.getByRole('button', { name: 'Add Route to buyers' }).click()
  await page.getByRole('button', { name: 'Add Voicemail' }).click()
  await page.getByRole('button', { name: 'Auto layout' }).click()
  await page.waitForTimeout(500)

  await connect(page, 'start', 'next', 'menu_1')
  await connect(page, 'menu_1', '1', 'routeToBuyers_1')
  await connect(page, 'menu_1', '2', 'voicemail_1')
  await connect(page, 'menu_1', 'timeout', 'voicemail_1')
  // One output is left: the server says so after the autosave.
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible({ timeout: 10_000 })
  await page.getByRole('tab', { name: /Problems/ }).click()
  await expect(page.getByText('output "invalid" is not connected')).toBeVisible()
  await expect(start).not.toHaveAttribute('data-problems')

  await connect(page, 'menu_1', 'invalid', 'voicemail_1')
  await expect(page.getByText('No problems: the draft can be published.')).toBeVisible({ timeout: 10_000 })

  await page.getByRole('button', { name: 'Publish' }).click()
  const dialog = page.getByRole('dialog', { name: 'Publish call flow' })
  await dialog.getByRole('textbox', { name: 'Note' }).fill('First version')
  await dialog.getByRole('button', { name: 'Publish' }).click()
  await expect(page.getByText('Published version 1')).toBeVisible()
  await expect(page.getByText('Live: v1')).toBeVisible()

  await page.getByRole('button', { name: 'History' }).click()
  const history = page.getByRole('dialog', { name: 'Version history' })
  await expect(history.getByText('Version 1')).toBeVisible()
  await expect(history.getByText('First version')).toBeVisible()
  await page.keyboard.press('Escape')

  await page.goto('/call-flows')
  const row = page.getByRole('row').filter({ hasText: name })
  await expect(row.getByText('Published')).toBeVisible()
  await expect(row.getByText('v1')).toBeVisible()
})

test('nodes are copied, pasted, deleted and restored from the keyboard; the Start stays', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto('/call-flows')
  await page.getByRole('button', { name: 'New call flow' }).first().click()
  await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).fill(`E2E keys ${Date.now()}`)
  await page.getByRole('dialog').getByRole('button', { name: 'Create call flow' }).click()
  await expect(page).toHaveURL(/\/call-flows\/\d+$/)

  await page.getByRole('button', { name: 'Add Play message' }).click()
  const play = page.getByTestId('flow-node-play_1')
  await expect(play).toBeVisible()
  await play.click()
  await page.keyboard.press('Control+c')
  await page.keyboard.press('Control+v')
  await expect(page.getByTestId('flow-node-play_2')).toBeVisible()

  // The pasted copy is selected: Delete removes it, Ctrl+Z brings it back.
  await page.keyboard.press('Delete')
  await expect(page.getByTestId('flow-node-play_2')).toHaveCount(0)
  await page.keyboard.press('Control+z')
  await expect(page.getByTestId('flow-node-play_2')).toBeVisible()
  await page.keyboard.press('Control+Shift+z')
  await expect(page.getByTestId('flow-node-play_2')).toHaveCount(0)

  await page.getByTestId('flow-node-start').click()
  await page.keyboard.press('Delete')
  await expect(page.getByTestId('flow-node-start')).toBeVisible()

  // The draft is saved as it is now.
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible({ timeout: 10_000 })
  await page.reload()
  await expect(page.getByTestId('flow-node-play_1')).toBeVisible()
  await expect(page.getByTestId('flow-node-play_2')).toHaveCount(0)
})

test('a flow chosen on a campaign answers a signed call, and the call detail shows the path it took', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  const api = page.request
  const stamp = Date.now()
  const say = (text: string) => ({ kind: 'say', text })
  // Menu: 1 -> the buyers; anything else -> hang up (the canvas is exercised above).
  const graph = {
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 } },
      { id: 'menu', type: 'menu', position: { x: 0, y: 150 }, data: { prompt: say('Press 1 for an agent'), keys: ['1'] } },
      { id: 'buyers', type: 'routeToBuyers', position: { x: -150, y: 380 } },
      { id: 'bye', type: 'hangup', position: { x: 150, y: 380 } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'menu' },
      { id: 'e2', source: 'menu', sourceHandle: '1', target: 'buyers' },
      { id: 'e3', source: 'menu', sourceHandle: 'timeout', target: 'bye' },
      { id: 'e4', source: 'menu', sourceHandle: 'invalid', target: 'bye' },
    ],
  }
  const flowName = `E2E walk ${stamp}`
  const flow = await (await api.post('/api/call-flows', { data: { name: flowName, graph } })).json()
  expect((await api.post(`/api/call-flows/${flow.id}/publish`, { data: { note: 'e2e' } })).ok()).toBe(true)

  // A campaign of its own: a tracking number and a buyer that is always open.
  const tracking = `+1856281${5000 + Math.floor(Math.random() * 4999)}`
  const number = await (await api.post('/api/phone-numbers', { data: { phoneNumber: tracking } })).json()
  const buyer = await (await api.post('/api/buyers', { data: { name: `E2E flow buyer ${stamp}`, phone: '+12125550199', payout: '30.00' } })).json()
  const campaign = await (await api.post('/api/campaigns', { data: { name: `E2E flow campaign ${stamp}`, type: 'direct' } })).json()
  expect((await api.post(`/api/campaigns/${campaign.id}/numbers`, { data: { phoneNumberId: number.id } })).ok()).toBe(true)
  expect((await api.put(`/api/campaigns/${campaign.id}/buyers`, { data: [{ buyerId: buyer.id, priority: 5 }] })).ok()).toBe(true)
  expect((await api.patch(`/api/campaigns/${campaign.id}`, { data: { status: 'active' } })).ok()).toBe(true)

  await test.step('the flow is chosen on the campaign page', async () => {
    await page.goto(`/campaigns/${campaign.id}`)
    const select = page.getByLabel('Run this flow')
    await select.click()
    await page.getByRole('option', { name: flowName }).click()
    await select.locator('..').getByRole('button', { name: 'Save' }).click()
    await expect(page.getByRole('group', { name: 'Chosen call flow' })).toContainText('Published: v1')
  })

  const callSid = sid('CA')
  await test.step('a signed call hears the menu, presses 1 and is dialled to the buyer', async () => {
    const voiceUrl = webhookUrl(baseURL!, '/api/webhooks/twilio')
    const incoming = {
      CallSid: callSid,
      AccountSid: sid('AC'),
      From: `+1646555${String(200 + Math.floor(Math.random() * 99)).padStart(4, '0')}`,
      To: tracking,
      CallStatus: 'ringing',
      Direction: 'inbound',
      FromCity: 'MIAMI',
      FromState: 'FL',
      FromZip: '33130',
      FromCountry: 'US',
    }
    const menu = await (await postWebhook(api, voiceUrl, incoming)).text()
    expect(menu).toContain('Press 1 for an agent')
    expect(menu).toContain('/api/webhooks/twilio/flow?seq=1')
    const stepUrl = webhookUrl(baseURL!, '/api/webhooks/twilio/flow?seq=1')
    const forged = await postWebhook(api, stepUrl, { CallSid: callSid, Digits: '1' }, 'Zm9yZ2Vk')
    expect(forged.status()).toBe(403)
    const dial = await (await postWebhook(api, stepUrl, { CallSid: callSid, Digits: '1' })).text()
    expect(dial).toContain('<Dial')
    expect(dial).toContain('+12125550199')
    const statusUrl = webhookUrl(baseURL!, '/api/webhooks/twilio/status')
    const done = { CallSid: callSid, AccountSid: incoming.AccountSid, CallStatus: 'completed', CallDuration: '40' }
    expect((await postWebhook(api, statusUrl, done)).ok()).toBe(true)
  })

  await test.step('the call detail shows the path through the flow', async () => {
    await page.goto(`/enhanced-reporting?search=${callSid}`)
    await page.getByRole('table', { name: 'Calls' }).getByRole('button', { name: `Details of call ${callSid}` }).click()
    const panel = page.getByRole('dialog', { name: 'Call details' })
    await panel.getByRole('tab', { name: 'Technical' }).click()
    const path = panel.getByRole('list', { name: 'Path through the call flow' })
    await expect(path).toContainText('menu')
    await expect(path).toContainText('buyers')
    await expect(panel.getByRole('link', { name: flowName })).toBeVisible()
  })
})
