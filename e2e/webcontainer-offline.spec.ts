// With WebContainer forced and no route to stackblitz.com (this machine has none), Run must end in a
// clear "unavailable" message naming the causes, and the recorded run must be shown.
import { test, expect } from '@playwright/test';
import { sandbox } from './helpers.ts';

test('forced WebContainer offline: the unavailable message and the transcript appear', async ({ page }) => {
  test.setTimeout(60_000);
  // Belt and braces: whatever the machine's network, the WebContainer host is unreachable here.
  await page.route(
    (url) => !/^(localhost|127\.0\.0\.1)$/.test(url.hostname),
    (route) => route.abort('internetdisconnected'),
  );
  await page.goto('/live-examples/?runtime=webcontainer');
  const box = sandbox(page, 'Hello server');
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(box.getByText('Runs in your browser (WebContainer)')).toBeVisible();
  const status = box.getByRole('status', { name: 'Status' });
  await expect(status).toContainText('booting');
  await expect(status).toContainText('unavailable', { timeout: 25_000 });
  const alert = box.getByRole('alert');
  await expect(alert).toContainText('WebContainer did not start within 20 s');
  await expect(alert).toContainText('stackblitz.com');
  await expect(alert).toContainText('third-party cookies or storage');
  await expect(alert).toContainText('npm start');
  const transcript = box.locator('details[data-transcript]');
  await expect(transcript).toHaveAttribute('open', '');
  await expect(transcript).toContainText('Recorded run');
  await expect(transcript).toContainText('startup: module code ran in process');
});

test('without JavaScript, a sandbox shows its code and the recorded run', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/live-examples/');
  const box = sandbox(page, 'Hello server');
  await expect(box.getByRole('tabpanel').first()).toContainText('createServer');
  await expect(box.locator('details[data-transcript]')).toHaveAttribute('open', '');
  await expect(box.getByRole('button', { name: 'Run', exact: true })).toBeHidden();
  await context.close();
});
