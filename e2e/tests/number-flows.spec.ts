import { expect, signIn, test } from './helpers'

test.beforeEach(async ({ page }) => {
  await signIn(page)
})

/** A small MP3 as the server sniffs it: the ID3 tag, then some bytes. */
function smallMp3(): Buffer {
  const bytes = Buffer.alloc(512)
  Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1').copy(bytes)
  for (let i = 10; i < bytes.length; i++) bytes[i] = i % 256
  return bytes
}

test('a published flow is chosen for a number on the phone numbers page, and the flow lists the number', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  const api = page.request
  const stamp = Date.now()
  const graph = {
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 } },
      { id: 'hello', type: 'play', position: { x: 0, y: 150 }, data: { prompt: { kind: 'say', text: 'Hello' }, loops: 1 } },
      { id: 'bye', type: 'hangup', position: { x: 0, y: 300 } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' },
      { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'bye' },
    ],
  }
  const flowName = `E2E number flow ${stamp}`
  const created = await api.post('/api/call-flows', { data: { name: flowName, graph } })
  expect(created.ok()).toBe(true)
  const flow = (await created.json()) as { id: number }
  const tracking = `+1856282${String(1000 + Math.floor(Math.random() * 8999))}`
  const added = await api.post('/api/phone-numbers', { data: { phoneNumber: tracking } })
  expect(added.ok()).toBe(true)
  const number = (await added.json()) as { id: number; formattedNumber: string }

  await test.step('the flow is published in the editor', async () => {
    await page.goto(`/call-flows/${flow.id}`)
    await expect(page.getByRole('heading', { level: 1, name: flowName })).toBeVisible()
    await page.getByRole('button', { name: 'Publish' }).click()
    const dialog = page.getByRole('dialog', { name: 'Publish call flow' })
    await dialog.getByRole('button', { name: 'Publish' }).click()
    await expect(page.getByText('Live: v1')).toBeVisible()
  })

  await test.step('the flow is chosen for the number', async () => {
    await page.goto(`/phone-numbers?search=${encodeURIComponent(tracking.slice(2))}`)
    const row = page.getByRole('row').filter({ hasText: tracking.slice(-4) })
    await expect(row).toHaveCount(1)
    await row.getByRole('button', { name: /^Call flow of / }).click()
    const dialog = page.getByRole('dialog', { name: /^Call flow of / })
    await expect(dialog.getByText(/only a published version runs/)).toBeVisible()
    await dialog.getByRole('combobox', { name: 'Call flow' }).click()
    await page.getByRole('option', { name: flowName, exact: true }).click()
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect(dialog).toBeHidden()
    await expect(row.getByRole('link', { name: flowName })).toHaveAttribute('href', `/call-flows/${flow.id}`)
    const saved = (await (await api.get(`/api/phone-numbers/${number.id}`)).json()) as { callFlowId: number | null }
    expect(saved.callFlowId).toBe(flow.id)
  })

  await test.step('the flow lists the number, and cannot be deleted while it runs it', async () => {
    await page.goto(`/call-flows/${flow.id}`)
    const running = page.getByLabel('Numbers running this flow')
    await expect(running).toContainText(tracking.slice(-4))
    await page.goto(`/call-flows?search=${encodeURIComponent(flowName)}`)
    await page.getByRole('button', { name: `Delete ${flowName}` }).click()
    const confirm = page.getByRole('alertdialog', { name: 'Delete call flow?' })
    await expect(confirm.getByTestId('flow-usage')).toContainText(tracking.slice(-4))
    await confirm.getByRole('button', { name: 'Delete call flow' }).click()
    await expect(confirm.getByRole('alert')).toContainText('tracking numbers run this flow')
  })

  await test.step('the number runs its campaign’s flow again once cleared', async () => {
    await page.goto(`/phone-numbers?search=${encodeURIComponent(tracking.slice(2))}`)
    const row = page.getByRole('row').filter({ hasText: tracking.slice(-4) })
    await row.getByRole('button', { name: /^Call flow of / }).click()
    const dialog = page.getByRole('dialog', { name: /^Call flow of / })
    await dialog.getByRole('combobox', { name: 'Call flow' }).click()
    await page.getByRole('option', { name: /Campaign.s flow|the campaign.s flow/ }).click()
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect(dialog).toBeHidden()
    await expect(row.getByRole('link', { name: flowName })).toHaveCount(0)
  })
})

test('an MP3 uploaded in a Play node’s audio prompt fills its URL', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto('/call-flows')
  await page.getByRole('button', { name: 'New call flow' }).first().click()
  await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).fill(`E2E audio ${Date.now()}`)
  await page.getByRole('dialog').getByRole('button', { name: 'Create call flow' }).click()
  await expect(page).toHaveURL(/\/call-flows\/\d+$/)

  await page.getByRole('button', { name: 'Add Play message' }).click()
  const panel = page.getByRole('region', { name: 'Properties of play_1' })
  await expect(panel).toBeVisible()
  await panel.getByRole('combobox', { name: 'Kind' }).click()
  await page.getByRole('option', { name: 'Audio file' }).click()

  const name = `greeting-${Date.now()}.mp3`
  await panel.getByLabel('Upload MP3/WAV').setInputFiles({ name, mimeType: 'audio/mpeg', buffer: smallMp3() })
  await expect(panel.getByText(`Uploaded ${name}`)).toBeVisible()
  const url = panel.getByRole('textbox', { name: 'Audio URL' })
  await expect(url).toHaveValue(/\/media\/audio\/[^/]+\.mp3$/)
  const fileUrl = await url.inputValue()
  // The carrier can fetch it.
  const media = await page.request.get(fileUrl)
  expect(media.ok()).toBe(true)
  expect(media.headers()['content-type']).toContain('audio/mpeg')
  await expect(panel.locator('audio')).toHaveAttribute('src', fileUrl)

  // The picker lists it, and the draft is saved with the file's URL.
  await expect(panel.getByRole('combobox', { name: 'Uploaded files' })).toContainText(name)
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible({ timeout: 10_000 })
  const id = page.url().split('/').at(-1)
  const saved = (await (await page.request.get(`/api/call-flows/${id}`)).json()) as { graph: { nodes: { id: string; data?: { prompt?: { url?: string } } }[] } }
  expect(saved.graph.nodes.find((n) => n.id === 'play_1')?.data?.prompt).toEqual({ kind: 'audio', url: fileUrl })
})
