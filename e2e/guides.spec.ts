// Every guide renders all of its sandboxes, and one sandbox per page runs on the local runtime and
// answers its first suggested request.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { GUIDE_PAGES, run } from './helpers.ts';

const PAGES = [...GUIDE_PAGES, 'questions/blocked-workers', 'questions/many-workers', 'questions/streams-and-reload', 'questions/pm2'];

for (const slug of PAGES) {
  test(`${slug}: every sandbox renders, and the first one runs and answers its first suggested request`, async ({ page }) => {
    const source = readFileSync(`content/docs/${slug}.mdx`, 'utf8');
    const expected = [...source.matchAll(/<Sandbox\s+example="([a-z0-9-]+)"/g)].map((m) => m[1]!);
    expect(expected.length).toBeGreaterThan(0);
    await page.goto(`/${slug}/?runtime=local`);
    const boxes = page.getByRole('region', { name: /^Live example: / });
    await expect(boxes).toHaveCount(expected.length);
    for (let i = 0; i < expected.length; i++) {
      const box = boxes.nth(i);
      await expect(box.getByRole('tab').first()).toBeVisible();
      await expect(box.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
      await expect(box.locator('details[data-transcript]')).toContainText('Recorded run');
    }
    const first = boxes.first();
    await run(first);
    await first.getByRole('button', { name: /^Try / }).first().click();
    const response = first.getByRole('region', { name: 'Response' });
    await expect(response).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
    await expect(response).toContainText('200');
  });
}
