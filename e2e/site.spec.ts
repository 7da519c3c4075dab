// The site itself: pages, isolation headers, deploy configs, search, links and accessibility.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { brokenLinks, crawl, type CrawledPage } from './crawl.ts';
import { burst20, openSearch, run, sandbox, send } from './helpers.ts';

const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  // No framing: a framed sandbox plus a decoy click once ran code on this machine.
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
};

async function sidebarPages(page: import('@playwright/test').Page): Promise<Array<{ href: string; label: string }>> {
  await page.goto('/live-examples/');
  const links = page.locator('nav[aria-label="Main"] a[href]');
  return links.evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href')!, label: a.textContent!.trim() })));
}

let pages: Map<string, CrawledPage>;
test.beforeAll(async ({ request }) => {
  pages = await crawl(request);
});

test('every sidebar page answers 200 and shows its title, with no console errors', async ({ page }) => {
  const entries = await sidebarPages(page);
  expect(entries.length).toBeGreaterThanOrEqual(7);
  for (const { href, label } of entries) {
    const errors: string[] = [];
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    page.on('pageerror', (err) => errors.push(err.message));
    const response = await page.goto(href);
    expect(response?.status(), href).toBe(200);
    await expect(page.locator('h1').first()).toHaveText(label);
    await page.waitForLoadState('load');
    expect(errors, `console errors on ${href}`).toEqual([]);
    page.removeAllListeners('console');
    page.removeAllListeners('pageerror');
  }
});

test('every page and asset carries the isolation and no-framing headers', async ({ request }) => {
  const urls = new Set<string>();
  for (const p of pages.values()) {
    urls.add(p.path);
    for (const asset of p.assets) urls.add(asset);
  }
  urls.add('/this-page-does-not-exist/');
  expect(urls.size).toBeGreaterThan(10);
  for (const url of urls) {
    const res = await request.get(url);
    for (const [name, value] of Object.entries(ISOLATION)) expect(res.headers()[name], `${name} on ${url}`).toBe(value);
  }
});

test('the deploy configs declare the isolation and no-framing headers', () => {
  const netlify = readFileSync('public/_headers', 'utf8');
  expect(netlify).toMatch(/^\/\*$/m);
  expect(netlify).toContain('Cross-Origin-Opener-Policy: same-origin');
  expect(netlify).toContain('Cross-Origin-Embedder-Policy: require-corp');
  expect(netlify).toContain('X-Frame-Options: DENY');
  expect(netlify).toContain("Content-Security-Policy: frame-ancestors 'none'");
  const vercel = JSON.parse(readFileSync('vercel.json', 'utf8')) as { headers: Array<{ source: string; headers: Array<{ key: string; value: string }> }> };
  const all = vercel.headers.find((h) => h.source === '/(.*)')!;
  expect(all.headers).toEqual(
    expect.arrayContaining([
      { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
      { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
      { key: 'X-Frame-Options', value: 'DENY' },
      { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
    ]),
  );
});

test('search finds a word from a guide', async ({ page }) => {
  const { dialog, input } = await openSearch(page);
  await input.fill('forkserver');
  await expect(dialog.locator('a[href*="/guides/forking-vs-spawning/"]').first()).toBeVisible();
});

test('search finds the common questions by the log line people paste', async ({ page }) => {
  const { dialog, input: box } = await openSearch(page);
  const questions: Array<[string, string]> = [
    ['WORKER TIMEOUT', 'questions/blocked-workers'],
    ['decryption failed or bad record mac', 'questions/many-workers'],
    ['WATCHFILES_FORCE_POLLING', 'questions/streams-and-reload'],
    ['NODE_APP_INSTANCE', 'questions/pm2'],
  ];
  for (const [query, slug] of questions) {
    await box.fill(query);
    await expect(dialog.locator(`a[href*="/${slug}/"]`).first(), query).toBeVisible();
  }
});

// Pagefind's UI (about 26 KB gzip) loads when the reader reaches for Search, not on every page
// (src/integration/defer-search.ts). The keyboard path matters most: Ctrl+K opens the dialog before
// the UI exists, and the input must still get the focus.
test('search loads on intent: nothing of Pagefind’s UI on page load, then Ctrl+K opens it focused', async ({ page }) => {
  const pagefindUi: string[] = [];
  page.on('request', (req) => /\/_astro\/ui-core\.[^/]*\.js$/.test(req.url()) && pagefindUi.push(req.url()));
  await page.goto('/guides/startup-vs-request/', { waitUntil: 'networkidle' });
  await page.waitForTimeout(1500); // Starlight would have loaded it by now, at the first idle moment
  expect(pagefindUi).toEqual([]);
  await page.keyboard.press('ControlOrMeta+k');
  const dialog = page.getByRole('dialog');
  const input = dialog.getByRole('textbox', { name: 'Search' });
  await expect(input).toBeFocused();
  expect(pagefindUi).toHaveLength(1);
  await page.keyboard.type('forkserver');
  await expect(dialog.locator('a[href*="/guides/forking-vs-spawning/"]').first()).toBeVisible();
});

// On a busy machine the browser's first idle moment, when Starlight creates the stand-in, can come
// after the reader has already opened Search (CI once timed out on an empty dialog this way).
test('search opened before the page was idle still gets its UI', async ({ page }) => {
  let release: () => void = () => {};
  const idle = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_astro\/pagefind-on-intent\.[^/]*\.js$/, async (route) => {
    await idle;
    await route.continue();
  });
  await page.goto('/start-here/');
  await page.getByRole('button', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  release();
  const input = dialog.getByRole('textbox', { name: 'Search' });
  await expect(input).toBeFocused();
  await input.fill('forkserver');
  await expect(dialog.locator('a[href*="/guides/forking-vs-spawning/"]').first()).toBeVisible();
});

test('search that fails to load says so, and opening it again retries', async ({ page }) => {
  let refused = 0;
  await page.route(/\/_astro\/ui-core\.[^/]*\.js$/, (route) => (refused++ === 0 ? route.abort('connectionreset') : route.continue()));
  await page.goto('/start-here/');
  const button = page.getByRole('button', { name: 'Search' });
  await button.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('status')).toHaveText(/Search could not load .* open Search again to retry/);
  await page.keyboard.press('Escape');
  await button.click();
  const input = dialog.getByRole('textbox', { name: 'Search' });
  await expect(input).toBeFocused();
  await input.fill('forkserver');
  await expect(dialog.locator('a[href*="/guides/forking-vs-spawning/"]').first()).toBeVisible();
  await expect(dialog.getByRole('status')).toHaveCount(0);
});

test('every internal link and #anchor resolves', async () => {
  expect(brokenLinks(pages)).toEqual([]);
});

test('axe finds no accessibility violations on any page', async ({ page }) => {
  const htmlPages = [...pages.values()].filter((p) => p.html);
  // axe takes seconds per page, and half a minute on a loaded machine (load 19 on 2 cores seen): the budget grows with the site.
  test.setTimeout(Math.max(180_000, 60_000 * htmlPages.length));
  for (const p of htmlPages) {
    await page.goto(p.path);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${p.path}: ${v.id} (${v.nodes.length}) ${v.help}`)).toEqual([]);
  }
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no violations in a running sandbox after a burst (${theme} theme)`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
    await page.goto('/live-examples/?runtime=local');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const box = sandbox(page, 'Hello server');
    await run(box);
    await burst20(box);
    await send(box);
    const { violations } = await new AxeBuilder({ page }).include('lab-sandbox').analyze();
    expect(violations.map((v) => `${v.id} (${v.nodes.length}) ${v.help}: ${v.nodes[0]?.html}`)).toEqual([]);
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no violations in the diagrams and the "How many times" table (${theme} theme)`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
    for (const [path, selector] of [
      ['/start-here/', '.lab-table-scroll'],
      ['/guides/forking-vs-spawning/', '.lab-diagram'],
      ['/guides/reload-and-shutdown/', '.lab-diagram'],
    ] as const) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(page.locator(selector).first()).toBeVisible();
      // The text version is part of the alternative: open it so that axe checks it too.
      for (const details of await page.locator(`${selector} details`).all()) await details.evaluate((d) => d.setAttribute('open', ''));
      const { violations } = await new AxeBuilder({ page }).include(selector).analyze();
      expect(violations.map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.help}: ${v.nodes[0]?.html}`)).toEqual([]);
    }
  });
}
