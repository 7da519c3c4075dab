// Page JS weight in headless Chromium: every JS response is recorded and its body gzipped here
// (zlib level 9), so numbers do not depend on how the server compressed it.
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumPath } from '../tools/chromium.ts';
import { attribute, type Attribution, type PageScript } from './js-graph.ts';

export const gzipSize = (text: string | Buffer): number => gzipSync(text, { level: 9 }).length;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

interface Recorder {
  /** JS loaded so far, by URL, each with the phase it was loaded in. */
  settled(): Promise<Array<PageScript & { phase: number }>>;
  /** Later responses are counted in this phase (0 = page load). */
  phase: number;
  lastResponseAt: number;
}

/** Record every JS response of a context (pages and their workers). */
function record(context: BrowserContext): Recorder {
  const bodies: Array<Promise<(PageScript & { phase: number }) | null>> = [];
  const recorder: Recorder = {
    phase: 0,
    lastResponseAt: performance.now(),
    settled: async () => {
      const seen = new Map<string, PageScript & { phase: number }>();
      for (const s of await Promise.all(bodies)) if (s && !seen.has(s.url)) seen.set(s.url, s);
      return [...seen.values()];
    },
  };
  context.on('response', (res) => {
    recorder.lastResponseAt = performance.now();
    const type = res.headers()['content-type'] ?? '';
    if (res.request().resourceType() !== 'script' && !/javascript/.test(type)) return;
    const phase = recorder.phase;
    bodies.push(
      res.body().then(
        (body) => ({ url: res.url(), source: body.toString('utf8'), gzip: gzipSize(body), phase }),
        () => null, // a redirect or an aborted load has no body
      ),
    );
  });
  return recorder;
}

/** Network idle, then no response at all for `quietMs` (Pagefind's UI is preloaded when the browser is idle). */
async function settle(page: Page, recorder: Recorder, quietMs = 1500, maxMs = 20_000): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: maxMs });
  const deadline = performance.now() + maxMs;
  while (performance.now() - recorder.lastResponseAt < quietMs && performance.now() < deadline) await page.waitForTimeout(200);
}

export interface PageWeight {
  url: string;
  /** gzip bytes of the JS files the page loaded (each gzipped on its own). */
  external: number;
  /** gzip bytes of the JS written in the HTML (all inline scripts gzipped together, as they travel in one document). */
  inline: number;
  total: number;
  /** gzip bytes of the sandbox's own scripts (see js-graph.ts for the attribution rule). */
  sandbox: number;
  attribution: Attribution;
  /** gzip bytes of the sandboxes' JSON config in the HTML (data, not JS; the static view's files). */
  sandboxData: number;
  /** Elements in the document once the page has settled, before any sandbox is activated. */
  domElements: number;
}

/** A fresh context with every script response recorded, on `url`, loaded and settled. */
async function openRecorded(browser: Browser, url: string) {
  const context = await browser.newContext();
  const recorder = record(context);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await settle(page, recorder);
  return { context, page, recorder };
}

export async function measurePage(browser: Browser, url: string): Promise<PageWeight> {
  const { context, page, recorder } = await openRecorded(browser, url);
  try {
    const html = await page.evaluate(() => {
      const scripts = [...document.scripts];
      const isJs = (s: HTMLScriptElement) => s.type === '' || s.type === 'module' || /javascript/.test(s.type);
      return {
        roots: scripts.filter((s) => s.src && isJs(s)).map((s) => s.src),
        inline: scripts.filter((s) => !s.src && isJs(s)).map((s) => s.textContent ?? ''),
        data: scripts.filter((s) => s.hasAttribute('data-config')).map((s) => s.textContent ?? ''),
        domElements: document.getElementsByTagName('*').length,
      };
    });
    const loaded: PageScript[] = await recorder.settled();
    const inline = html.inline.map((source, i) => ({ url: `inline:${i}`, source, gzip: gzipSize(source) }));
    const attribution = attribute([...loaded, ...inline], [...html.roots, ...inline.map((s) => s.url)], new URL('/', url).href);
    const external = loaded.reduce((sum, s) => sum + s.gzip, 0);
    const inlineBytes = html.inline.length ? gzipSize(html.inline.join('\n')) : 0;
    return {
      url,
      external,
      inline: inlineBytes,
      total: external + inlineBytes,
      sandbox: attribution.sandbox.reduce((sum, s) => sum + s.gzip, 0),
      attribution,
      sandboxData: html.data.length ? gzipSize(html.data.join('\n')) : 0,
      domElements: html.domElements,
    };
  } finally {
    await context.close();
  }
}

export interface Activation {
  /** gzip bytes of the JS loaded after the click on Run. */
  total: number;
  chunks: PageScript[];
  /** Click on Run until the status says running. */
  runToRunningMs: number;
  /** gzip bytes of the JS loaded by the first click into the code after that (the editor loads on intent). */
  editor: number;
}

/** Open a page, press Run in one sandbox, wait until it runs, and weigh the JS loaded after the click;
 * then click into the code, and weigh what the editor loads. */
export async function measureActivation(browser: Browser, url: string, region: string): Promise<Activation> {
  const { context, page, recorder } = await openRecorded(browser, url);
  try {
    const sandbox = page.getByRole('region', { name: region });
    const status = sandbox.getByRole('status', { name: 'Status' });
    recorder.phase = 1;
    const clicked = performance.now();
    await sandbox.getByRole('button', { name: 'Run', exact: true }).click();
    const deadline = clicked + 30_000;
    while (!/\brunning\b/i.test((await status.textContent()) ?? '')) {
      if (performance.now() > deadline) throw new Error(`the sandbox did not reach "running"; status: ${await status.textContent()}`);
      await page.waitForTimeout(20);
    }
    const runToRunningMs = performance.now() - clicked;
    await settle(page, recorder);
    recorder.phase = 2;
    await sandbox.getByRole('tabpanel').click();
    await sandbox.getByRole('textbox', { name: /^Edit / }).waitFor();
    await settle(page, recorder);
    await sandbox.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.waitForTimeout(300);
    const all = await recorder.settled();
    const loadedIn = (phase: number) => {
      const earlier = new Set(all.filter((s) => s.phase < phase).map((s) => s.url));
      return all.filter((s) => s.phase === phase && !earlier.has(s.url)).sort((a, b) => b.gzip - a.gzip);
    };
    const sum = (scripts: PageScript[]) => scripts.reduce((n, s) => n + s.gzip, 0);
    const chunks = loadedIn(1);
    return { total: sum(chunks), chunks, runToRunningMs, editor: sum(loadedIn(2)) };
  } finally {
    await context.close();
  }
}
