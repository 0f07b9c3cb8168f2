import type { APIRequestContext, APIResponse, Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { postWebhook, sid, webhookUrl } from './carrier'
import { expect, sidebar, signIn, test } from './helpers'

// Real-time bidding from end to end: two local mock bidders (`callcenter mock-bidders`),
// one target added and tested through the UI, one through the API; both assigned to the
// demo RTB campaign "Final Expense RTB", which gets a tracking number and goes live. A
// signed carrier call to that number runs an auction, is dialled to the best bid, and
// RTB Management → Auctions shows the auction with every bidder's result and the winner.
// start-server.sh sets CALLCENTER_RTB_ALLOW_PRIVATE_ENDPOINTS=true so loopback bidders are allowed.

const RTB_CAMPAIGN = 'Final Expense RTB'

/** The server binary, found as start-server.sh finds it. */
function serverBinary(): string {
  if (process.env.CALLCENTER_BIN) return process.env.CALLCENTER_BIN
  const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..')
  const target = process.env.CARGO_TARGET_DIR ?? 'target'
  return resolve(isAbsolute(target) ? target : resolve(repo, target), 'debug', 'callcenter')
}

interface MockBidder {
  url: string
  /** The amount it bids, as printed ("42.13"). */
  amount: string
}

/** Starts `callcenter mock-bidders` and reads the bidders it prints (`http://127.0.0.1:PORT/bid  bid 42.13 USD after 5 ms`). */
function startMockBidders(count: number): Promise<{ child: ChildProcess; bidders: MockBidder[] }> {
  const child = spawn(
    serverBinary(),
    ['mock-bidders', '--count', String(count), '--port', '0', '--failures', '', '--latency-ms', '5..10'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  return new Promise((resolvePromise, reject) => {
    let out = ''
    let err = ''
    const bidders: MockBidder[] = []
    let settled = false
    const timer = setTimeout(() => fail(new Error('the mock bidders printed no URLs within 15 s')), 15_000)
    function fail(error: Error) {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${error.message}\nstdout: ${out}\nstderr: ${err}`))
    }
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      bidders.length = 0
      for (const line of out.split('\n')) {
        const m = /^(http:\/\/127\.0\.0\.1:\d+\/bid)\s+bid (\d+\.\d{2}) USD\b/.exec(line)
        if (m) bidders.push({ url: m[1], amount: m[2] })
      }
      if (bidders.length >= count && !settled) {
        settled = true
        clearTimeout(timer)
        resolvePromise({ child, bidders: bidders.slice(0, count) })
      }
    })
    child.on('error', (e) => fail(e))
    child.on('exit', (code, signal) => fail(new Error(`the mock bidders exited early (${code ?? signal})`)))
  })
}

async function stopMockBidders(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000)
  await exited
  clearTimeout(timer)
}

function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`
}

/** A caller number of this run (fictional 555-01xx line). */
function uniqueCaller(): string {
  return `+1718555${String(100 + Math.floor(Math.random() * 100)).padStart(4, '0')}`
}

/** "$42.13" as the app shows a decimal string. */
function dollars(amount: string): string {
  return `$${amount}`
}

async function openRtbManagement(page: Page) {
  await sidebar(page).getByRole('link', { name: 'RTB Management', exact: true }).click()
  await expect(page).toHaveURL('/rtb-management')
  await expect(page.getByRole('heading', { level: 1, name: 'RTB Management', exact: true })).toBeVisible()
}

async function ok<T>(what: string, response: Promise<APIResponse>): Promise<T> {
  const r = await response
  expect(r.ok(), `${what}: ${r.status()} ${await r.text()}`).toBe(true)
  return (await r.json()) as T
}

function targetInput(name: string, url: string) {
  return {
    name,
    endpointUrl: url,
    requestMethod: 'POST',
    contentType: 'json',
    authentication: { type: 'none' },
    timeoutMs: 5000,
    responseConfig: { bidAmountPath: 'bidAmount', destinationNumberPath: 'destinationNumber', acceptancePath: 'accepted' },
    minBid: '0.00',
    maxBid: '100.00',
    currency: 'USD',
    status: 'active',
  }
}

/** The demo RTB campaign's id and a tracking number (id and E.164) in no campaign and no pool. */
async function campaignAndNumber(request: APIRequestContext) {
  const campaigns = await ok<{ id: string; name: string; type: string }[]>(
    'list campaigns',
    request.get(`/api/campaigns?search=${encodeURIComponent(RTB_CAMPAIGN)}`),
  )
  const campaign = campaigns.find((c) => c.name === RTB_CAMPAIGN && c.type === 'rtb')
  expect(campaign, `the demo campaign ${RTB_CAMPAIGN}`).toBeTruthy()
  const numbers = await ok<{ id: number; phoneNumber: string; poolId: number | null; campaignId: string | null }[]>(
    'list unassigned numbers',
    request.get('/api/phone-numbers?unassigned=true&limit=100'),
  )
  const number = numbers.find((n) => n.campaignId === null && n.poolId === null)
  expect(number, 'an unassigned tracking number outside any pool').toBeTruthy()
  return { campaignId: campaign!.id, number: number! }
}

let bidderProcess: ChildProcess | undefined
let bidders: MockBidder[] = []

test.beforeAll(async () => {
  const started = await startMockBidders(2)
  bidderProcess = started.child
  bidders = started.bidders
})

test.afterAll(async () => {
  await stopMockBidders(bidderProcess)
})

test('RTB journey: a tested target and a second bidder win a live auction, shown in Auctions', async ({ page, baseURL }) => {
  test.setTimeout(60_000)
  const [first, second] = bidders
  expect(first.amount).not.toBe(second.amount)
  const firstName = uniqueName('E2E bidder A')
  const secondName = uniqueName('E2E bidder B')
  const winner = Number(first.amount) > Number(second.amount) ? { name: firstName, ...first } : { name: secondName, ...second }
  const loser = winner.name === firstName ? { name: secondName, ...second } : { name: firstName, ...first }
  let firstId = 0

  await test.step('add a target on RTB Management with the first bidder', async () => {
    await signIn(page)
    await openRtbManagement(page)
    await page.getByRole('button', { name: 'Add RTB target' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add RTB target' })
    const form = dialog.getByRole('form', { name: 'Add RTB target' })
    await form.getByRole('textbox', { name: 'Target name' }).fill(firstName)
    await form.getByRole('textbox', { name: 'Endpoint URL' }).fill(first.url)
    // The response paths: the defaults read the mock bidders' answer; acceptance is explicit.
    await expect(form.getByRole('textbox', { name: 'Bid amount path' })).toHaveValue('bidAmount')
    await expect(form.getByRole('textbox', { name: 'Destination number path' })).toHaveValue('destinationNumber')
    await form.getByRole('textbox', { name: 'Acceptance path' }).fill('accepted')
    const [created] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/rtb/targets' && r.request().method() === 'POST'),
      form.getByRole('button', { name: 'Add target' }).click(),
    ])
    expect(created.ok(), await created.text()).toBe(true)
    firstId = (await created.json()).id
    expect(typeof firstId).toBe('number')
    await expect(dialog).toBeHidden()
    const table = page.getByRole('table', { name: 'RTB targets' })
    await expect(table.getByRole('row').filter({ hasText: firstName })).toContainText(first.url)
  })

  await test.step('Test bidding on it shows a successful bid and its amount', async () => {
    const dialog = page.getByRole('dialog', { name: `Test bidding: ${firstName}` })
    // The list refetches after the create: a click that met the old row is repeated.
    await expect(async () => {
      if (!(await dialog.isVisible())) {
        await page.getByRole('button', { name: `Test bidding ${firstName}` }).click()
      }
      await expect(dialog).toBeVisible({ timeout: 1_000 })
    }).toPass({ timeout: 10_000 })
    const result = dialog.getByRole('region', { name: 'Parsed result' })
    await expect(result).toContainText('Accepted (success)', { timeout: 10_000 })
    await expect(result).toContainText(`${dollars(first.amount)} USD`)
    await expect(dialog).toContainText(first.url)
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
  })

  const callSid = sid('CA')
  await test.step('second target, campaign targets, a number and activation through the API', async () => {
    const request = page.request
    const created = await ok<{ id: number }>('create the second target', request.post('/api/rtb/targets', { data: targetInput(secondName, second.url) }))
    const { campaignId, number } = await campaignAndNumber(request)
    const assigned = await ok<{ rtbTargetId: number }[]>(
      'assign the targets',
      request.put(`/api/rtb/campaigns/${campaignId}/targets`, { data: [{ rtbTargetId: firstId }, { rtbTargetId: created.id }] }),
    )
    expect(assigned.map((t) => t.rtbTargetId).sort()).toEqual([firstId, created.id].sort())
    await ok('assign the number', request.post(`/api/campaigns/${campaignId}/numbers`, { data: { phoneNumberId: number.id } }))
    await ok('activate the campaign', request.patch(`/api/campaigns/${campaignId}`, { data: { status: 'active' } }))

    const voiceUrl = webhookUrl(baseURL!, '/api/webhooks/twilio')
    const response = await postWebhook(request, voiceUrl, {
      CallSid: callSid,
      AccountSid: sid('AC'),
      From: uniqueCaller(),
      To: number.phoneNumber,
      CallStatus: 'ringing',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
      FromState: 'NY',
      FromZip: '10001',
      FromCountry: 'US',
    })
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toContain('xml')
    const twiml = await response.text()
    expect(twiml).toMatch(/<Dial[\s>]/)
    expect(twiml).toMatch(/<Number[^>]*>\+\d+<\/Number>/)
  })

  await test.step('Auctions shows the call’s auction with both bidders and the winner', async () => {
    await page.goto('/')
    await openRtbManagement(page)
    await page.getByRole('tab', { name: 'Auctions' }).click()
    const auctions = page.getByRole('table', { name: 'Auctions' })
    const requestId = `rtb_${callSid}`
    const row = auctions.getByRole('row').filter({ has: page.getByRole('button', { name: `Open auction ${requestId}` }) })
    await expect(row).toContainText(RTB_CAMPAIGN)
    await expect(row).toContainText(winner.name)
    await expect(row).toContainText(dollars(winner.amount))
    await row.getByRole('button', { name: `Open auction ${requestId}` }).click()

    const dialog = page.getByRole('dialog', { name: 'Auction details' })
    const summary = dialog.getByRole('region', { name: 'Auction summary' })
    await expect(summary).toContainText(requestId)
    await expect(summary).toContainText('2 successful, 0 failed')
    await expect(summary).toContainText(winner.name)
    await expect(dialog.getByRole('heading', { name: 'Individual Bidder Results' })).toBeVisible()
    const results = dialog.getByRole('table', { name: 'Individual bidder results' })
    const winnerRow = results.getByRole('row').filter({ hasText: winner.name })
    const loserRow = results.getByRole('row').filter({ hasText: loser.name })
    await expect(winnerRow).toHaveCount(1)
    await expect(loserRow).toHaveCount(1)
    await expect(winnerRow).toContainText(`${dollars(winner.amount)} USD`)
    await expect(winnerRow).toContainText('Won')
    await expect(winnerRow).toContainText('#1')
    await expect(loserRow).toContainText(`${dollars(loser.amount)} USD`)
    await expect(loserRow).not.toContainText('Won')
    await expect(loserRow).toContainText('#2')
    await expect(results.getByRole('row').filter({ hasText: 'Won' })).toHaveCount(1)
    await page.keyboard.press('Escape')
  })

  await test.step('the call itself names its winning bidder and ranks every bid', async () => {
    await page.goto(`/enhanced-reporting?search=${callSid}`)
    const table = page.getByRole('table', { name: 'Calls' })
    const row = table.getByRole('row').filter({ has: page.getByRole('button', { name: `Details of call ${callSid}` }) })
    await expect(row).toContainText(winner.name)
    await row.getByRole('button', { name: `Details of call ${callSid}` }).click()
    const panel = page.getByRole('dialog', { name: 'Call details' })
    await expect(panel.getByRole('region', { name: 'Routing outcome' })).toContainText('Routed')
    await expect(panel).toContainText('Winning bidder (RTB)')
    await expect(panel).toContainText(dollars(winner.amount))
    await panel.getByRole('tab', { name: 'RTB Analytics' }).click()
    const results = panel.getByRole('table', { name: 'Individual bidder results' })
    await expect(results.getByRole('row').filter({ hasText: winner.name })).toContainText('#1')
    await expect(results.getByRole('row').filter({ hasText: loser.name })).toContainText('#2')
    await panel.getByRole('tab', { name: 'Technical' }).click()
    await expect(panel.getByRole('region', { name: 'Auction' })).toContainText(`Won by ${winner.name}`)
  })
})
