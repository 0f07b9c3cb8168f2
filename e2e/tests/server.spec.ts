import { expect, test } from './helpers'

// Checks of what the server itself answers, without signing in.

test('the server serves the built web app at / and at in-app routes', async ({ request }) => {
  for (const path of ['/', '/login', '/campaigns', '/no-such-page']) {
    const response = await request.get(path)
    expect(response.status(), `GET ${path}`).toBe(200)
    expect(response.headers()['content-type'], `GET ${path}`).toContain('text/html')
    const html = await response.text()
    expect(html, `GET ${path} should be the app's index.html`).toContain('<div id="root">')
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
    expect(script, `GET ${path} should load the app's script`).toBeDefined()
    const asset = await request.get(script as string)
    expect(asset.status(), `GET ${script}`).toBe(200)
    expect(asset.headers()['content-type']).toContain('javascript')
  }
})

test('an unknown API path answers 404 with the JSON error envelope', async ({ page }) => {
  const response = await page.request.get('/api/no-such')
  expect(response.status()).toBe(404)
  expect(response.headers()['content-type']).toContain('application/json')
  const body = await response.json()
  expect(body.error.code).toBe('NOT_FOUND')
  expect(typeof body.error.message).toBe('string')
})
