// Attacks on the local runtime from a browser, each once reproduced against `npm start`: a browser
// that never opened the printed address, a page that frames the site, and another local server that
// the browser visits (it once received the right to run as a cookie, and replayed it).
import { test, expect } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rawRequest } from '../src/test/runner-harness.ts';
import { sandbox } from './helpers.ts';

test.describe('a browser without the right to run', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('reads the site, is told how to get the right, and runs once it opens the printed address', async ({ page, context }) => {
    await page.goto('/live-examples/?runtime=local');
    const box = sandbox(page, 'Hello server');
    await box.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(box.getByRole('status', { name: 'Status' })).toContainText('unavailable');
    await expect(box).toContainText('This browser may not run examples on this machine yet.');
    await expect(box).toContainText('open the address that npm start printed (it ends in #lab-secret=…)');
    // The printed address: the secret moves into this origin's storage and leaves the address bar and
    // the tab's history.
    await page.goto(`/#lab-secret=${process.env.LAB_RUNNER_SECRET}`);
    expect(page.url()).not.toContain('lab-secret');
    expect(await context.cookies()).toEqual([]);
    await page.goto('/live-examples/?runtime=local');
    await page.goBack();
    expect(page.url()).not.toContain('lab-secret');
    await page.goForward();
    await box.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(box.getByRole('status', { name: 'Status' })).toContainText('running', { timeout: 30_000 });
    await box.getByRole('button', { name: 'Stop', exact: true }).click();
  });
});

test.describe('a browser whose storage for the site is full', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('opening the printed address does not fail: the right holds in that tab, and a new tab says why it does not', async ({ page, context }) => {
    await page.goto('/start-here/');
    // Fill this origin's localStorage until not even a small value fits.
    const filled = await page.evaluate(() => {
      let size = 1 << 20;
      let i = 0;
      while (size >= 16) {
        try {
          localStorage.setItem(`fill-${i++}`, 'x'.repeat(size));
        } catch {
          size >>= 1;
        }
      }
      return localStorage.length;
    });
    expect(filled).toBeGreaterThan(0);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`/#lab-secret=${process.env.LAB_RUNNER_SECRET}`);
    expect(page.url()).not.toContain('lab-secret');
    expect(errors).toEqual([]);
    // This tab keeps it (sessionStorage): its pages run.
    await page.goto('/live-examples/?runtime=local');
    const box = sandbox(page, 'Hello server');
    await box.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(box.getByRole('status', { name: 'Status' })).toContainText('running', { timeout: 30_000 });
    await box.getByRole('button', { name: 'Stop', exact: true }).click();
    // A new tab does not, and says why.
    const other = await context.newPage();
    await other.goto('/live-examples/?runtime=local');
    const otherBox = sandbox(other, 'Hello server');
    await otherBox.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(otherBox.getByRole('status', { name: 'Status' })).toContainText('unavailable');
    await expect(otherBox).toContainText("this browser's storage for this site is full, so it could not keep the right to run");
    await expect(otherBox).toContainText("free this site's storage");
  });
});

test('a framed page refuses the local runtime, even where the host sent no frame headers', async ({ page, baseURL }) => {
  // The site refuses framing by header; this strips those headers, as a host that cannot set them would.
  await page.route(`${baseURL}/**`, async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['x-frame-options'];
    delete headers['content-security-policy'];
    delete headers['cross-origin-resource-policy'];
    await route.fulfill({ response, headers });
  });
  const framer = 'http://127.0.0.1:9/framer.html'; // another local origin, answered here without a server
  await page.route(framer, (route) =>
    route.fulfill({
      contentType: 'text/html',
      // Not isolated, so inside the frame WebContainer cannot start and the automatic choice once picked local.
      body: `<iframe src="${baseURL}/live-examples/" style="width:1000px;height:2000px"></iframe>`,
    }),
  );
  await page.goto(framer);
  const frame = page.frameLocator('iframe');
  const box = frame.getByRole('region', { name: 'Live example: Hello server' });
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(box.getByRole('status', { name: 'Status' })).toContainText('unavailable');
  await expect(box).toContainText('inside a frame');
});

test('attack: another local server the browser visits learns nothing that runs code here', async ({ page, baseURL }) => {
  // Another server on this machine (another user's, a dev server). Its page asks its own server for
  // /__lab/runner, the path the right to run once lived on as a cookie; the server keeps every header
  // the browser sends it.
  const seen: Array<{ url: string; headers: Record<string, string | string[] | undefined> }> = [];
  const other = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end("<p>another local site</p><script>fetch('/__lab/runner')</script>");
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherPort = (other.address() as AddressInfo).port;
  try {
    // This browser holds the right to run on the site (e2e/claim-right.ts), and then opens the other server.
    await page.goto('/live-examples/');
    await page.goto(`http://localhost:${otherPort}/`);
    await expect.poll(() => seen.some((r) => r.url === '/__lab/runner')).toBe(true);
    expect(JSON.stringify(seen)).not.toContain(process.env.LAB_RUNNER_SECRET!);
    for (const { headers } of seen) {
      // A plain client replays what the other server received, as it is (no Origin, the Host of the site).
      const site = new URL(baseURL!);
      const replay: Record<string, string> = { Host: site.host };
      for (const [name, value] of Object.entries(headers))
        if (typeof value === 'string' && !/^(host|connection|origin|referer|sec-fetch-|upgrade)/.test(name)) replay[name] = value;
      const info = await rawRequest(Number(site.port), '/__lab/runner', replay);
      expect(info.status).toBe(401);
      // Nor does what it received open the WebSocket, whatever the token.
      const token = info.status === 200 ? (JSON.parse(info.body) as { token: string }).token : 'none';
      const ws = await rawRequest(Number(site.port), `/__lab/runner/ws?token=${token}`, replay, true);
      expect(ws.status).toBe(403);
    }
  } finally {
    other.closeAllConnections();
    other.close();
  }
});
