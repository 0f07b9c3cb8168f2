import type { Page } from '@playwright/test'
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
