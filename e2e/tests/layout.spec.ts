import type { Page } from '@playwright/test'
import { expect, SECTIONS, signIn, test } from './helpers'

/**
 * No page of the app scrolls sideways, on a laptop or on a phone: wide tables scroll inside
 * their card (or become cards on phones), never the page. Every sidebar section is visited,
 * plus the tabs and detail pages the demo data reaches.
 */
const SIZES = [
  { name: 'a 1440×900 screen', width: 1440, height: 900 },
  { name: 'a 390×844 phone', width: 390, height: 844 },
] as const

interface Visit {
  label: string
  path: string
  /** A tab to open on the page, by its name. */
  tab?: string
}

/** The pages to check: sidebar sections, tabs, and the details of the demo campaigns and pools. */
async function pagesToVisit(page: Page): Promise<Visit[]> {
  const campaigns = (await (await page.request.get('/api/campaigns?limit=100')).json()) as { id: string; type: string }[]
  const pools = (await (await page.request.get('/api/pools?limit=1')).json()) as { id: number }[]
  expect(campaigns.length, 'the demo account has campaigns').toBeGreaterThan(0)
  expect(pools.length, 'the demo account has pools').toBeGreaterThan(0)
  const oneOfEachType = [...new Map(campaigns.map((c) => [c.type, c])).values()]
  // A DNI tag of its own (the demo data has none), to visit its tabs.
  const tagCode = `layout_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`
  const created = await page.request.post('/api/dni/tags', {
    data: { tagCode, name: 'Layout check landing page', campaignId: campaigns[0]!.id, poolId: pools[0]!.id, swapNumbers: ['+18005550000'] },
  })
  expect(created.status(), await created.text()).toBe(201)
  const tag = (await created.json()) as { id: number }
  return [
    ...SECTIONS.map((s) => ({ label: s.title, path: s.path })),
    { label: 'Enhanced Reporting: Trends', path: '/enhanced-reporting?tab=trends' },
    { label: 'Enhanced Reporting: Reports', path: '/enhanced-reporting?tab=reports' },
    { label: 'RTB Management: Auctions', path: '/rtb-management', tab: 'Auctions' },
    { label: 'RTB Management: Analytics', path: '/rtb-management', tab: 'Analytics' },
    { label: 'Create Campaign', path: '/campaigns/new' },
    ...oneOfEachType.flatMap((c) => [
      { label: `${c.type} campaign`, path: `/campaigns/${c.id}` },
      { label: `${c.type} campaign, edit`, path: `/campaigns/${c.id}/edit` },
    ]),
    { label: 'Pool', path: `/pools/${pools[0]!.id}` },
    { label: 'New DNI tag', path: '/dni/new' },
    { label: 'DNI tag: Settings', path: `/dni/${tag.id}` },
    { label: 'DNI tag: Install', path: `/dni/${tag.id}?tab=install` },
    { label: 'DNI tag: Sessions', path: `/dni/${tag.id}?tab=sessions` },
    { label: 'Not found', path: '/no-such-page' },
  ]
}

async function expectNoSidewaysScroll(page: Page, label: string) {
  // Wait until what loads has loaded: no skeleton is left (live events keep a request open,
  // so the network is never idle).
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible()
  await expect(page.locator('[data-slot=skeleton]')).toHaveCount(0, { timeout: 10_000 })
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }))
  expect(scrollWidth, `${label}: the page is ${scrollWidth}px wide in a ${clientWidth}px window`).toBeLessThanOrEqual(clientWidth)
}

for (const size of SIZES) {
  test.describe(`on ${size.name}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } })

    test('no page scrolls sideways', async ({ page }) => {
      test.setTimeout(120_000)
      await signIn(page)
      for (const visit of await pagesToVisit(page)) {
        await test.step(visit.label, async () => {
          await page.goto(visit.path)
          if (visit.tab) await page.getByRole('tab', { name: visit.tab }).click()
          await expectNoSidewaysScroll(page, visit.label)
        })
      }
    })
  })
}

test.describe('wide tables', () => {
  test.use({ viewport: { width: 1440, height: 900 } })

  test('keep their actions in view at 1440 px, and become cards on a phone', async ({ page }) => {
    await signIn(page)
    await page.goto('/buyers')
    const table = page.getByRole('table', { name: 'Buyers' })
    const firstRow = table.getByRole('row').nth(1)
    await expect(firstRow.getByRole('button', { name: /^Edit / })).toBeInViewport()
    await expect(firstRow.getByRole('button', { name: /^Delete / })).toBeInViewport()

    await page.goto('/rtb-management')
    const target = page.getByRole('table', { name: 'RTB targets' }).getByRole('row').nth(1)
    await expect(target.getByRole('button', { name: /^Test bidding / })).toBeInViewport()

    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto('/buyers')
    await expect(page.getByRole('table', { name: 'Buyers' })).toHaveCount(0)
    const cards = page.getByRole('list', { name: 'Buyers' })
    await expect(cards.getByRole('listitem').first().getByRole('button', { name: /^Edit / })).toBeInViewport()
    // Filters fold away on a phone.
    const filters = page.getByRole('search', { name: 'Filter buyers' })
    await expect(filters.getByRole('searchbox')).toHaveCount(0)
    await filters.getByRole('button', { name: /Filters/ }).click()
    await expect(filters.getByRole('searchbox', { name: 'Search' })).toBeVisible()
  })
})
