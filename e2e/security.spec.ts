// Attacks on the local runtime from a browser, each once reproduced against `npm start`: a browser
// that never opened the printed address, and a page that frames the site.
import { test, expect } from '@playwright/test';
import { sandbox } from './helpers.ts';

test.describe('a browser without the right to run', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('reads the site, is told how to get the right, and runs once it opens the printed address', async ({ page }) => {
    await page.goto('/live-examples/?runtime=local');
    const box = sandbox(page, 'Hello server');
    await box.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(box.getByRole('status', { name: 'Status' })).toContainText('unavailable');
    await expect(box).toContainText('This browser may not run examples on this machine yet.');
    await expect(box).toContainText('open the address that npm start printed');
    // The printed address: the secret turns into a cookie and leaves the address bar.
    await page.goto(`/live-examples/?runtime=local&lab-secret=${process.env.LAB_RUNNER_SECRET}`);
    expect(page.url()).not.toContain('lab-secret');
    await box.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(box.getByRole('status', { name: 'Status' })).toContainText('running', { timeout: 30_000 });
    await box.getByRole('button', { name: 'Stop' }).click();
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
