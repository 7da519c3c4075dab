// The Diagnostics page on the local runtime (real Node here): every capability it probes is
// observed, with timings, the report can be copied, and "How the live examples work" shows what
// this browser session observed.
import { test, expect } from '@playwright/test';

test('Diagnostics on the local runtime observes every capability, and the report copies', async ({ page, context }) => {
  test.setTimeout(90_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/diagnostics/?runtime=local');
  await page.getByRole('button', { name: 'Run the checks' }).click();
  // Under npm start the checks run on this machine, and the table says so.
  const table = page.getByRole('table', { name: 'What works in the local runtime on this machine' });
  await expect(page.locator('[data-diag-status]')).toHaveText('Done: all 6 observed.', { timeout: 75_000 });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(6);
  for (const row of await rows.all()) {
    await expect(row.locator('[data-cell="observed"]')).toHaveText('observed');
    await expect(row.locator('[data-cell="ms"]')).toHaveText(/^\d+ ms$/);
  }
  await expect(page.locator('[data-diag-runtime]')).toContainText(/Runs on this machine, (sandboxed|with your user's full rights), Node v/);
  await page.getByRole('button', { name: 'Copy report' }).click();
  const report = await page.evaluate(() => navigator.clipboard.readText());
  expect(report).toMatch(/runtime: Runs on this machine, (sandboxed|with your user's full rights)/);
  expect(report).toMatch(/observed {2}node:cluster round-robin {2}\(\d+ ms\)/);
  expect(report).not.toContain('NOT observed');
  // The table in "How the live examples work" reads this session's results.
  await page.goto('/live-examples/');
  await expect(page.locator('[data-capability-observed="cluster"]')).toHaveText(/^observed on this machine \(\d+ ms\)\.$/);
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test.describe(`${viewport.width}×${viewport.height}, WebContainer blocked`, () => {
    test.use({ viewport, baseURL: `http://localhost:${process.env.LAB_E2E_STANDIN_PORT}` });

    test('a boot that fails is itself a report: what failed, when, the browser and the hosts tried', async ({ page, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.goto('/diagnostics/?runtime=webcontainer&wcfault=boot-hang&wcboot=6000');
      await page.getByRole('button', { name: 'Run the checks' }).click();
      // While it waits, it says for how long and when it gives up.
      await expect(page.locator('[data-diag-status]')).toContainText('still connecting to StackBlitz after 2 s; it gives up at 6 s');
      await expect(page.locator('[data-diag-status]')).toContainText('The runtime could not start', { timeout: 15_000 });
      const rows = page.getByRole('table', { name: "What works in this browser's runtime" }).locator('tbody tr');
      for (const row of await rows.all()) await expect(row.locator('[data-cell="observed"]')).toHaveText('not checked: the runtime did not start');
      const copy = page.getByRole('button', { name: 'Copy report' });
      await expect(copy).toBeEnabled();
      // Styled like the site's buttons: a border and padding, not the browser's default.
      expect(await copy.evaluate((b) => Number.parseFloat(getComputedStyle(b).paddingLeft))).toBeGreaterThan(8);
      await copy.click();
      const report = await page.evaluate(() => navigator.clipboard.readText());
      expect(report).toContain('failed: the runtime did not start: The in-browser runtime did not start within 6 s');
      expect(report).toMatch(/started at: \d{4}-/);
      expect(report).toContain('hosts tried: stackblitz.com, *.staticblitz.com, *.webcontainer-api.io');
      expect(report).toContain(`browser: ${await page.evaluate(() => navigator.userAgent)}`);
      await page.screenshot({ path: `/tmp/shots-22/8-diagnostics-failed-${viewport.width}.png` });
    });
  });
}

test('the checks list names node --watch with two hyphens, not an en dash', async ({ page }) => {
  await page.goto('/diagnostics/');
  await expect(page.getByRole('main').getByText('node --watch', { exact: true }).first()).toBeVisible();
  expect(await page.getByRole('main').textContent()).not.toContain('node –watch');
});
