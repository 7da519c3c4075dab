// The real WebContainer adapter, in Chromium, against the test-only stand-in for @webcontainer/api
// (src/test/webcontainer-standin.ts: real node processes through the local runner, with terminal
// behaviour and switchable faults). It checks the adapter and the UI around it; it backs no claim
// about how Node behaves inside a real WebContainer. Served from dist-standin/ on its own port.
import { test, expect, type Locator } from '@playwright/test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GUIDE_PAGES, replaceInEditor, sandbox, send } from './helpers.ts';

test.use({ baseURL: `http://localhost:${process.env.LAB_E2E_STANDIN_PORT}` });

/** Run, and wait for "running" in the status line (the boot notice is a status region too). */
async function run(box: Locator): Promise<void> {
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(box.locator('[data-status]')).toContainText('running', { timeout: 30_000 });
}

const MARKER = 'lifecycle-lab: WebContainer stand-in for tests';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(js|html|mjs)$/.test(name) ? [path] : [];
  });
}

test('a normal build contains no stand-in code; the test build does', () => {
  const has = (dir: string, text: string) => filesUnder(dir).some((file) => readFileSync(file, 'utf8').includes(text));
  expect(has('dist', MARKER)).toBe(false);
  expect(has('dist-standin', MARKER)).toBe(true);
  // The test-only knobs in page-runtime.ts (?wcboot=) are dropped from a normal build too.
  expect(has('dist', 'wcboot')).toBe(false);
  expect(has('dist-standin', 'wcboot')).toBe(true);
});

for (const slug of GUIDE_PAGES) {
  test(`${slug}: the first Node example runs through the WebContainer adapter and answers`, async ({ page }) => {
    await page.goto(`/${slug}/?runtime=webcontainer`);
    // Python sandboxes say they run live only under npm start (python.spec.ts covers their refusal here).
    const first = page
      .getByRole('region', { name: /^Live example: / })
      .filter({ hasNotText: 'Python runs live when you serve the site yourself' })
      .first();
    await run(first);
    await expect(first.locator('[data-runtime-text]')).toHaveText('Runs in your browser (WebContainer)');
    await first.getByRole('button', { name: /^Try / }).first().click();
    const response = first.getByRole('region', { name: 'Response' });
    await expect(response).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
    await expect(response).toContainText('200');
  });
}

test('Stop on a busy loop that no signal ends: the container is restarted, the reader is told why, and Run works again', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/live-examples/?runtime=webcontainer&wcfault=unkillable');
  const box = sandbox(page, 'Hello server');
  await replaceInEditor(box, 'server.js', "'x-pid'", '(() => { while (true) {} })()');
  await run(box);
  // The request spins the server forever.
  await box.getByRole('textbox', { name: 'Path' }).fill('/');
  await box.getByRole('button', { name: 'Send', exact: true }).click();
  await page.waitForTimeout(300);
  await box.getByRole('button', { name: 'Stop', exact: true }).click();
  const output = box.getByRole('log', { name: 'Output' });
  await expect(output).toContainText('did not stop within 3 s (a busy loop cannot be interrupted in the browser), so the in-browser runtime was restarted', {
    timeout: 20_000,
  });
  await expect(box.locator('[data-status]')).toContainText('stopped');
  await run(box);
});

test('a lost agent line: the request ends with its own message, and the next one answers', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/live-examples/?runtime=webcontainer&wcfault=lose-line');
  const box = sandbox(page, 'Hello server');
  await run(box);
  await box.getByRole('textbox', { name: 'Path' }).fill('/');
  await box.getByRole('button', { name: 'Send', exact: true }).click();
  const response = box.getByRole('region', { name: 'Response' });
  await expect(response).toContainText('gave no answer within 15 s', { timeout: 25_000 });
  const again = await send(box, '/');
  await expect(again).toContainText('200');
});

test('a boot that comes after the timeout is torn down (not leaked), and Retry then boots', async ({ page }) => {
  // Boot timeout 2.5 s for this page; the stand-in's first boot arrives after 4 s.
  await page.goto('/live-examples/?runtime=webcontainer&wcfault=boot-late&wclate=4000&wcboot=2500');
  const box = sandbox(page, 'Hello server');
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const notice = box.locator('[data-notice]');
  await expect(notice).toContainText('Still connecting to StackBlitz');
  await expect(notice).toContainText('did not start within 2.5 s');
  // Let the late boot arrive with no one waiting. Had it been leaked, the next boot would fail with
  // "Only a single WebContainer instance can be booted", as the real API does.
  await page.waitForTimeout(2500);
  await notice.getByRole('button', { name: 'Retry' }).click();
  await expect(box.locator('[data-status]')).toContainText('running', { timeout: 15_000 });
  await expect(box.locator('[data-runtime-text]')).toHaveText('Runs in your browser (WebContainer)');
});

test('Retry while the boot is still pending waits for it, and runs when it comes', async ({ page }) => {
  await page.goto('/live-examples/?runtime=webcontainer&wcfault=boot-late&wclate=4000&wcboot=2500');
  const box = sandbox(page, 'Hello server');
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const notice = box.locator('[data-notice]');
  await expect(notice).toContainText('did not start within 2.5 s');
  await notice.getByRole('button', { name: 'Retry' }).click();
  await expect(box.locator('[data-status]')).toContainText('running', { timeout: 15_000 });
});

test('a boot that rejects: a calm message with Retry, no alert', async ({ page }) => {
  await page.goto('/live-examples/?runtime=webcontainer&wcfault=boot-reject');
  const box = sandbox(page, 'Hello server');
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const notice = box.locator('[data-notice]');
  await expect(notice).toContainText('failed to start: Unable to create more instances');
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(box.locator('details[data-transcript]')).toHaveAttribute('open', '');
});

test('cluster missing: checked before the first run, said in one sentence, with the recorded run and the local runtime', async ({ page }) => {
  await page.goto('/guides/state-and-config/?runtime=webcontainer&wcfault=no-cluster');
  const box = sandbox(page, 'Two workers, two counters');
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const notice = box.locator('[data-notice]');
  await expect(notice).toContainText('This example needs node:cluster round-robin, which the runtime in your browser does not provide', { timeout: 20_000 });
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(box.locator('[data-status]')).toContainText('unavailable');
  await expect(box.locator('[data-runtime-text]')).toHaveText('In your browser (WebContainer): lacks node:cluster round-robin');
  await expect(box.locator('details[data-transcript]')).toHaveAttribute('open', '');
  await expect(notice.getByRole('button', { name: 'Run on this machine instead' })).toBeVisible();
  await notice.getByText('Download the files').click();
  await expect(notice.getByRole('link', { name: 'server.js' })).toHaveAttribute('download', 'server.js');
  // The fallback works: the page comes back on the local runtime and runs the same example itself.
  await notice.getByRole('button', { name: 'Run on this machine instead' }).click();
  await expect(page).toHaveURL(/runtime=local/);
  const local = sandbox(page, 'Two workers, two counters');
  await expect(local.locator('[data-status]')).toContainText('running', { timeout: 30_000 });
});

test('Diagnostics through the WebContainer adapter: every probe reports, with timings', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/diagnostics/?runtime=webcontainer');
  await page.getByRole('button', { name: 'Run the checks' }).click();
  // The stand-in's processes are this machine's node: all six are observed. (Not a claim about WebContainers.)
  await expect(page.locator('[data-diag-status]')).toHaveText('Done: all 6 observed.', { timeout: 75_000 });
  await expect(page.locator('[data-diag-runtime]')).toContainText('Runs in your browser (WebContainer), Node v');
});
