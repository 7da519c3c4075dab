// The site built for a base path (LAB_BASE=/docs/, as on GitHub Pages) and served only there: every
// link and #anchor resolves, and deep links to headings and sandboxes land where they point.
import { test, expect, request as playwrightRequest } from '@playwright/test';
import { rmSync } from 'node:fs';
import { buildSite } from '../src/bench/build.ts';
import { serveSite, type ServedSite } from '../src/bench/serve.ts';
import { brokenLinks, crawl } from './crawl.ts';
import { run, sandbox } from './helpers.ts';

const BASE = '/docs/';
let outDir = '';
let served: ServedSite;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  outDir = (await buildSite({ env: { LAB_BASE: BASE } })).outDir;
  served = await serveSite(outDir, BASE);
});

test.afterAll(async () => {
  await served?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test('the base-path build passes the link crawl', async () => {
  const api = await playwrightRequest.newContext({ baseURL: served.base });
  try {
    const pages = await crawl(api, BASE);
    const html = [...pages.values()].filter((p) => p.html);
    expect(html.length).toBeGreaterThanOrEqual(8); // home, Start here, live examples, five guides
    expect([...pages.keys()].filter((path) => !path.startsWith(BASE))).toEqual([]);
    expect(brokenLinks(pages)).toEqual([]);
    // The track's links on Start here and a sandbox's own anchor carry the base.
    const start = pages.get(`${BASE}start-here/`)!;
    expect(start.links).toContain(`${BASE}guides/startup-vs-request/`);
    expect(pages.get(`${BASE}guides/startup-vs-request/`)!.ids.has('example-once-vs-every')).toBe(true);
  } finally {
    await api.dispose();
  }
});

test('a link to a sandbox lands on it and focuses its region; a heading link moves no focus', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const guide = new URL(`${BASE}guides/startup-vs-request/`, served.base).href;
  // The right to run on this server, as its starter has it (e2e/claim-right.ts): the printed address.
  await page.goto(`${guide}#lab-secret=${served.secret}`);
  await page.goto(`${guide}?runtime=local#example-lazy-init`);
  const box = sandbox(page, 'Lazy init on the first request');
  await expect(box).toBeFocused();
  await expect(box).toBeInViewport();
  await box.getByRole('button', { name: 'Copy link to this example' }).click();
  // The first press loads the sandbox, then copies.
  await expect(box.getByText('Link to this example copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${guide}?runtime=local#example-lazy-init`);
  // The sandbox runs under the base path too (the local runner sits at the site's root).
  await run(box);

  await page.goto(`${guide}#lru_cache-is-lazy-not-at-startup`);
  await expect(page.locator('#lru_cache-is-lazy-not-at-startup')).toBeInViewport();
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
});
