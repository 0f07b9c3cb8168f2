import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, sidebar, signIn, test } from './helpers'

// Connectors end to end: a Pipedrive connector added in the UI whose base URL is a local fake of
// Pipedrive's API; its connection test signs in with the token, then fails once the token is
// changed to a wrong one. Its card on the Integrations page shows it too.

const GOOD_TOKEN = 'pd-token-1234567'

/** A fake of Pipedrive's `GET /v1/users/me` on a free loopback port, recording the tokens it was sent. */
async function startFakePipedrive() {
  const tokens: string[] = []
  const server: Server = createServer((req, res) => {
    const token = String(req.headers['x-api-token'] ?? '')
    tokens.push(token)
    const path = (req.url ?? '').split('?')[0]
    res.setHeader('Content-Type', 'application/json')
    if (req.method === 'GET' && path === '/v1/users/me' && token === GOOD_TOKEN) {
      res.writeHead(200)
      res.end(JSON.stringify({ success: true, data: { name: 'Ann Owner', company_name: 'Acme' } }))
    } else {
      res.writeHead(401)
      res.end(JSON.stringify({ success: false, error: 'unauthorized access' }))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { server, tokens, url: `http://127.0.0.1:${port}` }
}

test('a Pipedrive connector tests its connection, and fails it with a wrong token', async ({ page }) => {
  test.setTimeout(60_000)
  const fake = await startFakePipedrive()
  try {
    await signIn(page)
    await sidebar(page).getByRole('link', { name: 'Integrations', exact: true }).click()
    const section = page.getByRole('region', { name: 'Connectors' })
    await expect(section.getByRole('heading', { level: 2, name: 'Connectors' })).toBeVisible()
    await expect(page.getByText(/not available/i)).toHaveCount(0)

    // Pick Pipedrive: its form asks for its API token.
    await section.getByRole('button', { name: 'Add connector' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Add connector' })
    await expect(dialog.getByRole('button', { name: /Google Ads offline call conversions/ })).toBeVisible()
    await dialog.getByRole('button', { name: /^Pipedrive/ }).click()
    const name = `Pipedrive ${Date.now().toString(36)}`
    await dialog.getByLabel('Name').fill(name)
    const token = dialog.getByLabel(/API token/)
    await expect(token).toHaveAttribute('type', 'password')
    await token.fill(GOOD_TOKEN)
    await expect(dialog.getByRole('checkbox', { name: 'call.completed' })).toBeChecked()
    await expect(dialog.getByLabel('Field 1')).toHaveValue('subject')
    await dialog.getByRole('button', { name: 'Advanced' }).click()
    await expect(dialog.getByLabel('Base URL')).toHaveAttribute('placeholder', 'https://api.pipedrive.com')
    await dialog.getByLabel('Base URL').fill(fake.url)
    await dialog.getByRole('button', { name: 'Add connector' }).click()

    // Its page: test the connection.
    await expect(page).toHaveURL(/\/integrations\/connectors\/\d+$/)
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
    await expect(page.getByText('Pipedrive connector')).toBeVisible()
    await expect(page.getByText('Set (…4567)')).toBeVisible()
    await page.getByRole('button', { name: 'Test connection' }).click()
    const result = page.getByRole('status', { name: 'Connection test' })
    await expect(result).toContainText('Connection works')
    await expect(result).toContainText('Signed in as Ann Owner of Acme')
    await expect(result).toContainText('HTTP 200')
    expect(fake.tokens).toContain(GOOD_TOKEN)

    // Saved again with the token left empty, it keeps working.
    await page.getByRole('button', { name: 'Edit' }).click()
    let edit = page.getByRole('dialog', { name: 'Edit connector' })
    await expect(edit.getByLabel(/API token/)).toHaveAttribute('placeholder', 'leave empty to keep')
    await edit.getByRole('button', { name: 'Save changes' }).click()
    await expect(edit).toBeHidden()
    await page.getByRole('button', { name: 'Test connection' }).click()
    await expect(result).toContainText('Signed in as Ann Owner of Acme')

    // A wrong token: the test fails with Pipedrive's answer.
    await page.getByRole('button', { name: 'Edit' }).click()
    edit = page.getByRole('dialog', { name: 'Edit connector' })
    await edit.getByLabel(/API token/).fill('pd-wrong-0000000')
    await edit.getByRole('button', { name: 'Save changes' }).click()
    await expect(edit).toBeHidden()
    await expect(page.getByText('Set (…0000)')).toBeVisible()
    await page.getByRole('button', { name: 'Test connection' }).click()
    await expect(result).toContainText('Connection failed')
    await expect(result).toContainText('HTTP 401')
    await expect(result).toContainText(/unauthorized access/i)
    expect(fake.tokens).toContain('pd-wrong-0000000')

    // Its card on the Integrations page tests it too.
    await page.getByRole('link', { name: 'All integrations' }).click()
    const card = page.getByRole('group', { name })
    await expect(card).toContainText('Pipedrive')
    await expect(card).toContainText('Enabled')
    await card.getByRole('button', { name: 'Test connection' }).click()
    await expect(card.getByRole('status', { name: 'Connection test' })).toContainText('Connection failed')
  } finally {
    fake.server.close()
  }
})
