import { expect, signIn, test } from './helpers'

// The shared date-range picker on the dashboard: a preset, "compare to previous period",
// a change shown on a stat card, and a link that opens the same view again.

test('the dashboard compares a preset period with the previous one, and its link reproduces the view', async ({ page }) => {
  await signIn(page)
  const picker = page.getByRole('group', { name: 'Dashboard period' })
  await picker.getByRole('combobox', { name: 'Period' }).click()
  await page.getByRole('option', { name: 'Last 7 days' }).click()
  await expect(page).toHaveURL(/[?&]range=last7(&|$)/)

  await picker.getByRole('switch', { name: 'Compare to previous period' }).click()
  await expect(page).toHaveURL(/[?&]compare=1(&|$)/)
  await expect(picker).toContainText('compared with')

  const calls = page.locator('[data-slot="card"]').filter({ has: page.getByRole('heading', { name: 'Calls', exact: true }) })
  const change = calls.locator('[data-slot="period-change"]')
  await expect(change).toContainText('vs previous 7 days')
  // An arrow and a percentage, or "—" when the previous 7 days had no calls; never NaN.
  await expect(change).toHaveText(/^(▲ Up \d[\d,]*\.\d%|▼ Down \d[\d,]*\.\d%|0\.0%|—) vs previous 7 days$/)
  const shown = await change.textContent()

  // The link alone (a new page) shows the same period, compare on, and the same change.
  const url = page.url()
  const again = await page.context().newPage()
  await again.goto(url)
  const picker2 = again.getByRole('group', { name: 'Dashboard period' })
  await expect(picker2.getByRole('combobox', { name: 'Period' })).toHaveText('Last 7 days')
  await expect(picker2.getByRole('switch', { name: 'Compare to previous period' })).toBeChecked()
  const calls2 = again.locator('[data-slot="card"]').filter({ has: again.getByRole('heading', { name: 'Calls', exact: true }) })
  await expect(calls2.locator('[data-slot="period-change"]')).toHaveText(shown ?? '')
  await expect(again.locator('body')).not.toContainText(/NaN|Infinity/)
})
