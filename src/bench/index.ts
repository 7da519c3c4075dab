// `npm run bench`: measures the performance budgets (listed in README) for real and prints a markdown table.
// Benchmarks, not tests: a number over its budget is reported, never a failure. The exit code is 1
// only when something could not be measured. Progress goes to stderr, the report to stdout.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { buildSite } from './build.ts';
import { serveSite, type ServedSite } from './serve.ts';
import { launchBrowser, measureActivation, measurePage, type PageWeight } from './page-weight.ts';
import { bareStartMs, nodeRuntimeSpeed, webSocketSpeed } from './runtime-speed.ts';
import { kb, markdownTable, median, ms, ratio, type Row } from './table.ts';
import type { PageScript } from './js-graph.ts';
import { lighthouseCli, runLighthouse } from './lighthouse.ts';

const KB = 1024;
const START_RUNS = 10;
const REQUESTS = 200;

const rows: Row[] = [];
const notes = new Set<string>();
let unmeasured = 0;
const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** Run one measurement; on failure, a "not measured" row and the reason in the notes. */
async function measure(name: string, fn: () => Promise<void>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    unmeasured++;
    const message = err instanceof Error ? err.message : String(err);
    rows.push({ measure: name, measured: `not measured: ${message.split('\n')[0]}` });
    notes.add(`${name} failed: ${message}`);
    return false;
  }
}

const fileName = (s: PageScript) => (s.url.startsWith('inline:') ? `inline script` : new URL(s.url).pathname.split('/').pop()!);
const listing = (scripts: PageScript[]) => scripts.map((s) => `${fileName(s)} ${kb(s.gzip)}`).join(', ') || 'none';

function pageRows(label: string, w: PageWeight, withSandbox: boolean): void {
  const detail = `${kb(w.total)} (files ${kb(w.external)} + inline ${kb(w.inline)})`;
  if (withSandbox) {
    rows.push({ measure: `${label}: sandbox's JS before activation`, measured: kb(w.sandbox), budget: '≤ 5 KB', ok: w.sandbox <= 5 * KB });
    rows.push({ measure: `${label}: whole page JS`, measured: detail, budget: '≤ 35 KB', ok: w.total <= 35 * KB });
    const a = w.attribution;
    notes.add(`Sandbox share: ${listing(a.sandbox)}. Shared with the rest of the page, so not counted: ${listing(a.shared)}.`);
  } else {
    rows.push({ measure: `${label}: whole page JS (default Starlight page, for comparison)`, measured: detail });
  }
  if (w.attribution.unreached.length)
    notes.add(`${label}: loaded outside any module graph (counted in the page, not the sandbox): ${listing(w.attribution.unreached)}.`);
  if (w.sandboxData) notes.add(`${label}: the sandboxes' JSON config in the HTML (data, not JS) is ${kb(w.sandboxData)} gzip.`);
}

async function pageWeights(outDir: string): Promise<void> {
  let site: ServedSite | null = null;
  let browser: Browser | null = null;
  try {
    site = await serveSite(outDir);
    browser = await launchBrowser();
    const guides = readdirSync(join(outDir, 'guides'))
      .filter((d) => existsSync(join(outDir, 'guides', d, 'index.html')))
      .sort();
    const pages = [...guides.map((d) => `guides/${d}/`), 'live-examples/'];
    notes.add(
      `Page JS: every JS file the page loaded until idle (Pagefind's UI included), each gzipped -9 on its own, plus the inline scripts of the HTML gzipped together.`,
    );
    for (const path of pages) {
      await measure(`/${path}`, async () => {
        log(`weighing /${path}`);
        pageRows(`/${path}`, await measurePage(browser!, new URL(path, site!.base).href), true);
      });
    }
    await measure('/start-here/', async () => {
      log('weighing /start-here/');
      pageRows('/start-here/', await measurePage(browser!, new URL('start-here/', site!.base).href), false);
    });
    await measure('Sandbox bundle loaded on Run', async () => {
      log('activating the hello sandbox on /live-examples/?runtime=local');
      const a = await measureActivation(browser!, new URL('live-examples/?runtime=local', site!.base).href, 'Live example: Hello server');
      rows.push({
        measure: 'Sandbox bundle loaded on Run (JS after the click, /live-examples/?runtime=local)',
        measured: kb(a.total),
        budget: '≤ 150 KB',
        ok: a.total <= 150 * KB,
      });
      rows.push({ measure: 'Run → status "running" in the browser (local runtime)', measured: ms(a.runToRunningMs) });
      notes.add(`JS loaded on Run, largest first: ${listing(a.chunks.slice(0, 6))}${a.chunks.length > 6 ? `, and ${a.chunks.length - 6} more` : ''}.`);
    });
    await lighthouseRows(site, pages);
  } finally {
    await browser?.close();
    await site?.close();
  }
}

/** Lighthouse on every guide page: performance / accessibility / best practices, each out of 100. */
async function lighthouseRows(site: ServedSite, pages: string[]): Promise<void> {
  const cli = lighthouseCli();
  if (!cli) {
    rows.push({ measure: 'Lighthouse (mobile) on every guide', measured: 'not measured (lighthouse not installed)', budget: '100 / 100 / 100' });
    return;
  }
  for (const path of pages) {
    await measure(`Lighthouse /${path}`, async () => {
      log(`lighthouse /${path}`);
      const s = await runLighthouse(cli, new URL(path, site.base).href);
      const all100 = s.performance === 100 && s.accessibility === 100 && s.bestPractices === 100;
      rows.push({
        measure: `Lighthouse (mobile) /${path}: performance / accessibility / best practices`,
        measured: `${s.performance} / ${s.accessibility} / ${s.bestPractices} (TBT ${ms(s.tbtMs)})`,
        budget: '100 / 100 / 100',
        ok: all100,
      });
    });
  }
  notes.add('Lighthouse uses simulated mobile throttling: its performance score moves with other load on the machine. Run the bench on a quiet machine.');
}

async function runtimeSpeed(): Promise<void> {
  let bare = 0;
  await measure('bare node server.js start', async () => {
    log(`bare node server.js start × ${START_RUNS}`);
    bare = median(await bareStartMs(START_RUNS));
    rows.push({ measure: `Bare \`node server.js\` until the port accepts (median of ${START_RUNS})`, measured: ms(bare) });
  });
  const paths = [
    { name: 'MachineRuntime, runExample', run: nodeRuntimeSpeed },
    { name: 'RunnerSocketRuntime over the WebSocket', run: webSocketSpeed },
  ];
  for (const p of paths) {
    await measure(`Local runtime (${p.name})`, async () => {
      log(`local runtime (${p.name}): ${START_RUNS} starts, ${REQUESTS} round trips`);
      const s = await p.run(START_RUNS, REQUESTS);
      const start = median(s.start);
      const agent = median(s.agent);
      const direct = median(s.fetch);
      rows.push({
        measure: `Run → listening, ${p.name} (median of ${START_RUNS}), vs bare node`,
        measured: bare ? `${ms(start)} = ${ratio(start / bare)}` : ms(start),
      });
      rows.push({
        measure: `Request round trip via the agent, ${p.name} (median of ${REQUESTS}), vs direct fetch()`,
        measured: `${ms(agent)} vs ${ms(direct)} = ${ratio(agent / direct)}`,
      });
    });
  }
  notes.add(
    'Session.start polls the port through the agent every 100 ms, so Run → listening is counted in steps of about 100 ms; bare node is polled every 2 ms.',
  );
}

let outDir: string | null = null;
const removeBuild = () => outDir && rmSync(outDir, { recursive: true, force: true });
process.once('SIGINT', () => {
  removeBuild();
  process.exit(130);
});

try {
  const built = await measure('Full site build (astro build)', async () => {
    log('building the site into a temp folder');
    try {
      const build = await buildSite();
      outDir = build.outDir;
      rows.push({ measure: 'Full site build (astro build)', measured: ms(build.ms) });
    } catch (err) {
      outDir = (err as { outDir?: string }).outDir ?? null; // removed below
      throw err;
    }
  });
  if (built && outDir) await pageWeights(outDir);
  else rows.push({ measure: 'Page JS and sandbox bundle', measured: 'not measured (no build)' });
} finally {
  removeBuild();
}
await runtimeSpeed();

console.log(markdownTable(rows));
if (notes.size) console.log(`\n${[...notes].map((n) => `- ${n}`).join('\n')}`);
process.exitCode = unmeasured ? 1 : 0;
