// `npm run bench`: measures the performance budgets (listed in README and budgets.ts) for real,
// prints a markdown table and records it as JSON (bench/results.json, or the path given with --out).
// Benchmarks, not tests: a number over its budget is reported, never a failure. The exit code is 1
// only when something could not be measured. Progress goes to stderr, the report to stdout.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Browser } from '@playwright/test';
import { buildSite } from './build.ts';
import { serveSite, type ServedSite } from './serve.ts';
import { launchBrowser, measureActivation, measurePage, type PageWeight } from './page-weight.ts';
import { nodeRuntimeSpeed, webSocketSpeed } from './runtime-speed.ts';
import { pythonSpeed } from './python-speed.ts';
import { PROBE_DELAYS_MS } from '../sandbox/core/listening.ts';
import { kb, markdownTable, median, ms, percentile, ratio, type Row } from './table.ts';
import type { PageScript } from './js-graph.ts';
import { lighthouseCli, runLighthouse, type LighthouseScores } from './lighthouse.ts';
import { budgetText, rowKey } from './budgets.ts';
import { describeMachine, machine, writeRecord } from './record.ts';

const KB = 1024;
const START_RUNS = 20;
const REQUESTS = 200;
const LIGHTHOUSE_RUNS = 3;
const DOM_BUDGET = 1500;
// --runtime-only: only the local runtime's figures (no build, no browser), for quick checks.
const { values: args } = parseArgs({ options: { out: { type: 'string' }, 'runtime-only': { type: 'boolean' } } });
const OUT = args.out ?? fileURLToPath(new URL('../../bench/results.json', import.meta.url));
const startedAt = new Date();
const host = machine();

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
  // With a sandbox, also the page without the sandbox's share: what it would load with the sandbox gone.
  const without = withSandbox ? `; without the sandbox's ${kb(w.sandbox)}: ${kb(w.total - w.sandbox)}` : '';
  const detail = `${kb(w.total)} (files ${kb(w.external)} + inline ${kb(w.inline)}${without})`;
  if (withSandbox) {
    rows.push({
      key: rowKey('sandbox-js', label),
      measure: `${label}: sandbox's JS before activation`,
      measured: kb(w.sandbox),
      budget: budgetText('sandbox-js'),
      ok: w.sandbox <= 5 * KB,
      values: { bytes: w.sandbox },
    });
    rows.push({
      key: rowKey('page-js', label),
      measure: `${label}: whole page JS`,
      measured: detail,
      budget: budgetText('page-js'),
      ok: w.total <= 35 * KB,
      values: { bytes: w.total },
    });
    rows.push({
      key: rowKey('dom', label),
      measure: `${label}: DOM elements before activation`,
      measured: String(w.domElements),
      budget: budgetText('dom'),
      ok: w.domElements <= DOM_BUDGET,
      values: { elements: w.domElements },
    });
    const a = w.attribution;
    notes.add(`Sandbox share: ${listing(a.sandbox)}. Shared with the rest of the page, so not counted: ${listing(a.shared)}.`);
  } else {
    rows.push({ measure: `${label}: whole page JS (a page of plain Starlight components, no sandbox, for comparison)`, measured: detail });
    rows.push({ measure: `${label}: DOM elements (a page of plain Starlight components, no sandbox, for comparison)`, measured: String(w.domElements) });
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
      `Page JS: every JS file the page loaded until idle (Pagefind's UI, which loads when a reader reaches for Search, is not among them), each gzipped -9 on its own, plus the inline scripts of the HTML gzipped together.`,
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
      const a = await measureActivation(
        browser!,
        new URL(`live-examples/?runtime=local#lab-secret=${site!.secret}`, site!.base).href,
        'Live example: Hello server',
      );
      // The budget is for the whole sandbox bundle (editor, UI, runtime client). Run loads all but the
      // editor, which loads on the first click into the code: both are counted, and shown apart.
      const bundle = a.total + a.editor;
      rows.push({
        key: rowKey('activation-js'),
        measure: 'Sandbox bundle: JS loaded by Run, then by the first click into the code (/live-examples/?runtime=local)',
        measured: `${kb(bundle)} (Run ${kb(a.total)} + the editor ${kb(a.editor)})`,
        budget: budgetText('activation-js'),
        ok: bundle <= 150 * KB,
        values: { bytes: bundle, runBytes: a.total, editorBytes: a.editor },
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

/** Lighthouse on every guide page, LIGHTHOUSE_RUNS times: the median of each figure. */
async function lighthouseRows(site: ServedSite, pages: string[]): Promise<void> {
  const cli = lighthouseCli();
  if (!cli) {
    for (const path of pages)
      rows.push({ key: rowKey('lighthouse', `/${path}`), measure: `Lighthouse (mobile) /${path}`, measured: 'not measured (lighthouse not installed)' });
    return;
  }
  for (const path of pages) {
    await measure(`Lighthouse /${path}`, async () => {
      const runs: LighthouseScores[] = [];
      for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
        log(`lighthouse /${path} (${i + 1} of ${LIGHTHOUSE_RUNS})`);
        // Lighthouse sometimes fails to record a trace on a loaded machine (NO_NAVSTART): try once more.
        runs.push(await runLighthouse(cli, new URL(path, site.base).href).catch(() => runLighthouse(cli, new URL(path, site.base).href)));
      }
      const m = (pick: (s: LighthouseScores) => number) => median(runs.map(pick));
      const s = { performance: m((r) => r.performance), accessibility: m((r) => r.accessibility), bestPractices: m((r) => r.bestPractices) };
      rows.push({
        key: rowKey('lighthouse', `/${path}`),
        measure: `Lighthouse (mobile) /${path}: performance / accessibility / best practices, median of ${LIGHTHOUSE_RUNS}`,
        measured: `${s.performance} / ${s.accessibility} / ${s.bestPractices} (runs ${runs.map((r) => r.performance).join(', ')}; TBT ${ms(m((r) => r.tbtMs))}, CLS ${m((r) => r.cls).toFixed(3)}, DOM ${m((r) => r.domSize)})`,
        budget: budgetText('lighthouse'),
        ok: s.performance >= 98 && s.accessibility === 100 && s.bestPractices === 100,
        values: { ...s, tbtMs: m((r) => r.tbtMs), cls: m((r) => r.cls), domSize: m((r) => r.domSize) },
      });
    });
  }
  notes.add('Lighthouse uses simulated mobile throttling: its performance score moves with other load on the machine. Run the bench on a quiet machine.');
}

const p50p95 = (values: number[]) => ({ p50: median(values), p95: percentile(values, 95) });

async function runtimeSpeed(): Promise<void> {
  // The budgets are for the path a page uses: RunnerSocketRuntime over the runner's WebSocket, with
  // the socket opened on intent (pointer or focus on Run) as the page now does.
  const paths = [
    { name: 'MachineRuntime, runExample', run: nodeRuntimeSpeed, budgeted: false },
    { name: 'RunnerSocketRuntime over the WebSocket, socket opened by Run', run: (n: number, r: number) => webSocketSpeed(n, r, false), budgeted: false },
    { name: 'RunnerSocketRuntime over the WebSocket, socket opened on intent', run: (n: number, r: number) => webSocketSpeed(n, r, true), budgeted: true },
  ];
  for (const p of paths) {
    await measure(`Local runtime (${p.name})`, async () => {
      log(`local runtime (${p.name}): ${START_RUNS} starts paired with bare ones, ${REQUESTS} round trips`);
      const s = await p.run(START_RUNS, REQUESTS);
      const start = p50p95(s.start);
      const bare = p50p95(s.bare);
      const ratios = p50p95(s.start.map((t, i) => t / s.bare[i]!));
      const agent = p50p95(s.agent);
      const direct = p50p95(s.fetch);
      const tripRatio = agent.p50 / direct.p50;
      rows.push({
        key: p.budgeted ? rowKey('run-to-listening') : undefined,
        measure: `Run → listening, ${p.name}, p50 / p95 of ${START_RUNS}, vs bare \`node server.js\` (pairs)`,
        measured: `${ms(start.p50)} / ${ms(start.p95)} vs ${ms(bare.p50)} / ${ms(bare.p95)}: ratio ${ratio(ratios.p50)} / ${ratio(ratios.p95)}`,
        budget: p.budgeted ? budgetText('run-to-listening') : undefined,
        ok: p.budgeted ? ratios.p50 <= 1.3 : undefined,
        values: { p50: start.p50, p95: start.p95, bareP50: bare.p50, bareP95: bare.p95, ratioP50: ratios.p50, ratioP95: ratios.p95 },
      });
      rows.push({
        key: p.budgeted ? rowKey('round-trip') : undefined,
        measure: `Request round trip via the agent, ${p.name}, p50 / p95 of ${REQUESTS}, vs direct fetch()`,
        measured: `${ms(agent.p50)} / ${ms(agent.p95)} vs ${ms(direct.p50)} / ${ms(direct.p95)} = ${ratio(tripRatio)} / ${ratio(agent.p95 / direct.p95)}`,
        budget: p.budgeted ? budgetText('round-trip') : undefined,
        ok: p.budgeted ? tripRatio <= 3 : undefined,
        values: { p50: agent.p50, p95: agent.p95, directP50: direct.p50, directP95: direct.p95, ratioP50: tripRatio, ratioP95: agent.p95 / direct.p95 },
      });
    });
  }
  await measure('Local runtime, Python (uvicorn in the OS sandbox)', async () => {
    log(`local runtime, Python: ${START_RUNS} uvicorn starts paired with bare ones, and one fresh environment build`);
    const s = await pythonSpeed(START_RUNS, { build: true });
    const bare = p50p95(s.bare);
    for (const [which, times] of [
      ["a page's first Run, its sandbox starting too", s.start],
      ['Run again on the same page, its sandbox up', s.again],
    ] as const) {
      const start = p50p95(times);
      const ratios = p50p95(times.map((t, i) => t / s.bare[i]!));
      rows.push({
        measure: `Run → listening, Python (py-once-vs-every: uvicorn in the OS sandbox), ${which}, p50 / p95 of ${START_RUNS}, vs bare \`python -m uvicorn app:app\` (pairs)`,
        measured: `${ms(start.p50)} / ${ms(start.p95)} vs ${ms(bare.p50)} / ${ms(bare.p95)}: ratio ${ratio(ratios.p50)} / ${ratio(ratios.p95)}`,
        budget: '≤ 1.3× bare uvicorn (goal)',
        ok: ratios.p50 <= 1.3,
        values: { p50: start.p50, p95: start.p95, bareP50: bare.p50, bareP95: bare.p95, ratioP50: ratios.p50, ratioP95: ratios.p95 },
      });
    }
    rows.push({
      measure: 'Python environment, first build (venv + pinned FastAPI, Starlette, uvicorn, gunicorn from the configured index)',
      measured: s.buildMs === null ? 'not measured (no python3)' : ms(s.buildMs),
    });
  });
  notes.add(
    `Run → listening: the session knows from the server's \`[lab] listening\` marker (code without it is found by the agent's probe, after ${PROBE_DELAYS_MS.join(', ')} ms, then every ${PROBE_DELAYS_MS.at(-1)} ms). Bare \`node server.js\` is timed until it prints the same marker. Ratios are taken pair by pair (a bare start right before each Run), then p50 / p95.`,
  );
}

let outDir: string | null = null;
const removeBuild = () => outDir && rmSync(outDir, { recursive: true, force: true });
process.once('SIGINT', () => {
  removeBuild();
  process.exit(130);
});

if (!args['runtime-only']) await site();
await runtimeSpeed();

async function site(): Promise<void> {
  try {
    const built = await measure('Full site build (astro build)', async () => {
      log('building the site into a temp folder');
      try {
        const build = await buildSite();
        outDir = build.outDir;
        rows.push({
          key: rowKey('build'),
          measure: 'Full site build (astro build)',
          measured: ms(build.ms),
          budget: budgetText('build'),
          ok: build.ms <= 15_000,
          values: { ms: build.ms },
        });
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
}

host.loadAtEnd = loadavg().map((n) => Math.round(n * 100) / 100);
writeRecord(OUT, { date: startedAt.toISOString(), machine: host, rows, notes: [...notes] });
console.log(`Measured ${startedAt.toISOString().slice(0, 10)} on ${describeMachine(host)}.\n`);
console.log(markdownTable(rows));
if (notes.size) console.log(`\n${[...notes].map((n) => `- ${n}`).join('\n')}`);
log(`recorded in ${OUT}`);
process.exitCode = unmeasured ? 1 : 0;
