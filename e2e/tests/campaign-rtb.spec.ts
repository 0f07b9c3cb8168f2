import { expect, signIn, test } from './helpers'

// An RTB campaign set up entirely in the wizard: a bidder target and a tracking number
// picked on the Numbers step, the last step saying nothing required is missing, then the
// campaign page's activation checklist and its "Activate" button.

function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`
}

/** A fictional 555-01xx number of this run: typed form and as the app shows it. */
function uniqueNumber(): { typed: string; shown: string } {
  const last = String(100 + Math.floor(Math.random() * 100)).padStart(4, '0')
  return { typed: `(503) 555-${last}`, shown: `+1 503-555-${last}` }
}

test.beforeEach(async ({ page }) => {
  await signIn(page)
})

test('RTB campaign: pick a target and a number in the wizard, see the checklist, activate it', async ({ page }) => {
  const request = page.request
  const number = uniqueNumber()
  const targetName = uniqueName('Wizard bidder')
  const campaignName = uniqueName('RTB campaign')
  expect((await request.post('/api/phone-numbers', { data: { phoneNumber: number.typed } })).status()).toBe(201)
  const target = await request.post('/api/rtb/targets', {
    data: {
      name: targetName,
      endpointUrl: 'http://127.0.0.1:9/bid',
      requestMethod: 'POST',
      contentType: 'json',
      authentication: { type: 'none' },
      timeoutMs: 2000,
      responseConfig: { bidAmountPath: 'bidAmount', destinationNumberPath: 'destinationNumber' },
      minBid: '0.00',
      maxBid: '100.00',
      currency: 'USD',
      status: 'active',
    },
  })
  expect(target.status(), await target.text()).toBe(201)

  await page.goto('/campaigns/new')
  await page.getByRole('textbox', { name: 'Campaign name' }).fill(campaignName)
  await page.locator('label').filter({ has: page.getByRole('radio', { name: /RTB/ }) }).click()
  await expect(page.getByRole('radio', { name: /RTB/ })).toBeChecked()
  await page.getByRole('button', { name: /Next/ }).click()

  await expect(page.getByText('Step 2 of 4: Numbers')).toBeVisible()
  await page.getByRole('combobox', { name: 'Add RTB target' }).click()
  await page.getByRole('option', { name: targetName }).click()
  await expect(page.getByRole('list', { name: 'Assigned RTB targets' })).toContainText(targetName)
  await page.getByRole('searchbox', { name: 'Search numbers' }).fill(number.typed.replace(/\D/g, ''))
  await page.getByRole('checkbox', { name: new RegExp(number.shown.replace(/[()+]/g, '\\$&')) }).click()
  await page.getByRole('button', { name: /Next/ }).click()
  await expect(page.getByText('Step 3 of 4: Buyers')).toBeVisible()
  await page.getByRole('button', { name: /Next/ }).click()

  await expect(page.getByText('Step 4 of 4: Advanced')).toBeVisible()
  const preview = page.getByRole('list', { name: 'What the campaign needs to go live' })
  await expect(preview).toContainText('RTB targets')
  await expect(preview).toContainText('1 tracking number')
  await expect(page.getByText(/Everything required is in place/)).toBeVisible()
  await page.getByRole('button', { name: 'Create campaign' }).click()

  await expect(page.getByRole('heading', { level: 1, name: campaignName })).toBeVisible()
  await expect(page.getByRole('table', { name: 'RTB targets of this campaign' })).toContainText(targetName)
  await expect(page.getByText(number.shown)).toBeVisible()
  const checklist = page.getByRole('list', { name: 'Activation checklist' })
  await expect(checklist).toContainText('Done: RTB targets')
  await expect(checklist).toContainText('Done: Tracking numbers')
  await page.getByRole('button', { name: 'Activate' }).click()
  await expect(page.getByText('The campaign is live.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Activate' })).toHaveCount(0)

  // "Edit numbers" of the RTB campaign opens the step with its targets and numbers.
  await page.getByRole('link', { name: 'Edit numbers' }).click()
  await expect(page.getByText('Step 2 of 4: Numbers')).toBeVisible()
  await expect(page.getByRole('list', { name: 'Assigned RTB targets' })).toContainText(targetName)
  await expect(page.getByRole('checkbox', { name: new RegExp(number.shown.replace(/[()+]/g, '\\$&')) })).toBeChecked()
})
