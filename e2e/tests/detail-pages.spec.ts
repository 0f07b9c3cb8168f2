import type { Page } from '@playwright/test'
import { postWebhook, sid, webhookUrl } from './carrier'
import { expect, signIn, test } from './helpers'

// The buyer and campaign detail pages. A campaign of its own (a tracking number and a buyer
// that is always open) gets a signed carrier call, routed to the buyer; Buyers → a click on the
// buyer's row opens its page with the Performance charts, and its campaign opens with its own.

/** A completed call of 95 seconds to `to`; answers its CallSid. */
async function placeCall(page: Page, baseURL: string, to: string): Promise<string> {
  const callSid = sid('CA')
  const caller = `+1646555${String(300 + Math.floor(Math.random() * 99)).padStart(4, '0')}`
  const base = { CallSid: callSid, AccountSid: sid('AC'), From: caller, To: to, Direction: 'inbound', ApiVersion: '2010-04-01' }
  const voice = await postWebhook(page.request, webhookUrl(baseURL, '/api/webhooks/twilio'), { ...base, CallStatus: 'ringing', FromState: 'NY' })
  expect(voice.status()).toBe(200)
  const done = await postWebhook(page.request, webhookUrl(baseURL, '/api/webhooks/twilio/status'), {
    ...base,
    CallStatus: 'completed',
    CallDuration: '95',
  })
  expect(done.status()).toBe(200)
  return callSid
}

const CHARTS = ['Calls and connected calls per day', 'Conversion rate per day', 'Revenue per day', 'Average handle time per day']

test('a buyer row opens the buyer with its performance charts, and its campaign shows its own', async ({ page, baseURL }) => {
  test.setTimeout(60_000)
  await signIn(page)
  const api = page.request
  const stamp = Date.now().toString(36)
  const buyerName = `E2E detail buyer ${stamp}`
  const campaignName = `E2E detail campaign ${stamp}`
  const tracking = `+1856281${5000 + Math.floor(Math.random() * 4999)}`
  const number = await (await api.post('/api/phone-numbers', { data: { phoneNumber: tracking } })).json()
  const buyer = await (await api.post('/api/buyers', { data: { name: buyerName, phone: '+12125550198', payout: '30.00' } })).json()
  const campaign = await (await api.post('/api/campaigns', { data: { name: campaignName, type: 'direct' } })).json()
  expect((await api.post(`/api/campaigns/${campaign.id}/numbers`, { data: { phoneNumberId: number.id } })).ok()).toBe(true)
  expect((await api.put(`/api/campaigns/${campaign.id}/buyers`, { data: [{ buyerId: buyer.id, priority: 5 }] })).ok()).toBe(true)
  expect((await api.patch(`/api/campaigns/${campaign.id}`, { data: { status: 'active' } })).ok()).toBe(true)
  const callSid = await placeCall(page, baseURL!, tracking)
  const calls = (await (await api.get(`/api/calls?campaignId=${campaign.id}`)).json()) as { calls: { callSid: string; buyerId: number | null }[] }
  expect(calls.calls.find((c) => c.callSid === callSid)?.buyerId, 'the call is routed to the buyer').toBe(buyer.id)

  await test.step('Buyers: a click on the row (not on a button) opens the buyer', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Buyers', exact: true }).click()
    await page.getByRole('searchbox', { name: 'Search' }).fill(buyerName)
    const row = page.getByRole('table', { name: 'Buyers' }).getByRole('row').filter({ has: page.getByRole('link', { name: buyerName, exact: true }) })
    // The row's phone number: a plain cell, so the click is the row's.
    await row.getByRole('cell').nth(1).click()
    await expect(page).toHaveURL(new RegExp(`/buyers/${buyer.id}$`))
    await expect(page.getByRole('heading', { level: 1, name: buyerName })).toBeVisible()
  })

  await test.step('the buyer page draws the four charts and the totals', async () => {
    const performance = page.getByRole('region', { name: 'Performance' })
    for (const chart of CHARTS) await expect(performance.getByRole('img', { name: chart })).toBeVisible()
    await expect(performance.getByLabel('Totals for the period')).toContainText('Calls')
    await performance.getByRole('group', { name: 'Performance period' }).getByRole('button', { name: '7 days' }).click()
    await expect(performance.getByRole('img', { name: 'Revenue per day' })).toBeVisible()
    // Edit opens the buyer dialog.
    await page.getByRole('button', { name: 'Edit', exact: true }).click()
    await expect(page.getByRole('dialog', { name: `Edit ${buyerName}` })).toBeVisible()
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
  })

  await test.step('its campaign opens with the campaign’s charts', async () => {
    await page.getByRole('table', { name: 'Campaigns of this buyer' }).getByRole('link', { name: campaignName }).click()
    await expect(page.getByRole('heading', { level: 1, name: campaignName })).toBeVisible()
    const performance = page.getByRole('region', { name: 'Performance' })
    for (const chart of CHARTS) await expect(performance.getByRole('img', { name: chart })).toBeVisible()
    // The campaign's buyers link back to their pages.
    await expect(page.getByRole('table', { name: 'Buyers of this campaign' }).getByRole('link', { name: buyerName })).toHaveAttribute('href', `/buyers/${buyer.id}`)
  })
})
