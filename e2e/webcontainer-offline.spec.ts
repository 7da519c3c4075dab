// With WebContainer forced and no route to stackblitz.com (this machine has none), Run shows staged
// progress and the recorded run at once. A quick check beside the boot finds the host unreachable,
// so the boot ends in seconds, not after its 30 s timeout, in a calm message naming the hosts a
// network must allow, with Retry; Retry then waits the whole time. (The same adapter against a
// stand-in that does boot: e2e/webcontainer-standin.spec.ts.)
import { test, expect } from '@playwright/test';
import { sandbox } from './helpers.ts';

test('forced WebContainer offline: staged progress, the recorded run at once, a quick check that ends it in seconds with a calm message naming the hosts, and Retry that waits', async ({
  page,
}) => {
  test.setTimeout(75_000);
  // Belt and braces: whatever the machine's network, the WebContainer host is unreachable here.
  await page.route(
    (url) => !/^(localhost|127\.0\.0\.1)$/.test(url.hostname),
    (route) => route.abort('internetdisconnected'),
  );
  await page.goto('/live-examples/?runtime=webcontainer');
  const box = sandbox(page, 'Hello server');
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const status = box.locator('[data-status]');
  await expect(status).toContainText('loading the runtime from StackBlitz');
  await expect(box.locator('[data-runtime-text]')).toHaveText('In your browser (WebContainer): connecting…');
  // The recorded run is offered from the first second, in a neutral notice.
  const notice = box.locator('[data-notice]');
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice.getByRole('button', { name: 'Show the recorded run' })).toBeVisible();
  // The local runner serves this site: it is offered too.
  await expect(notice.getByRole('button', { name: 'Run on this machine instead' })).toBeVisible();
  const started = Date.now();
  await expect(status).toContainText('unavailable', { timeout: 12_000 });
  expect(Date.now() - started).toBeLessThan(12_000); // not the 30 s timeout
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice).toContainText('this browser could not reach stackblitz.com (a quick check failed after');
  await expect(notice).toContainText('stackblitz.com, *.staticblitz.com, *.webcontainer-api.io');
  await expect(box.locator('[data-runtime-text]')).toHaveText('In your browser (WebContainer): could not start here');
  await expect(box.getByRole('alert')).toHaveCount(0);
  // Developer remedies wait behind a disclosure.
  const remedies = notice.locator('details');
  await expect(remedies).not.toHaveAttribute('open', '');
  await expect(remedies.getByText('npm start')).toBeHidden();
  await remedies.locator('summary').click();
  await expect(remedies).toContainText('third-party cookies or storage');
  const transcript = box.locator('details[data-transcript]');
  await expect(transcript).toHaveAttribute('open', '');
  await expect(transcript).toContainText('Recorded run');
  await expect(transcript).toContainText('startup: module code ran in process');
  // Retry really waits again, the whole time: the quick check may be wrong where a boot works.
  await notice.getByRole('button', { name: 'Retry' }).click();
  await expect(status).toContainText('starting the runtime');
  await expect(notice).toContainText('Still connecting to StackBlitz after 8 s', { timeout: 12_000 });
  await expect(status).toContainText('starting the runtime');
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
