// The Diagnostics page on the local runtime (real Node here): every capability it probes is
// observed, with timings, the report can be copied, and "How the live examples work" shows what
// this browser session observed.
import { test, expect } from '@playwright/test';

test('Diagnostics on the local runtime observes every capability, and the report copies', async ({ page, context }) => {
  test.setTimeout(90_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/diagnostics/?runtime=local');
  await page.getByRole('button', { name: 'Run the checks' }).click();
  const table = page.getByRole('table', { name: "What works in this browser's runtime" });
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
