// Claims of the "Many workers" page about the memory-per-worker example, checked under real Node:
// every worker holds its own 40 MB copy, so the workers' total resident memory grows by about one
// model per added worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample, type RunningExample } from './run.ts';

const MB = 1024 * 1024;

/** The workers' reported RSS in MB, once `count` workers have reported, and the total line. */
async function reported(ex: RunningExample, count: number): Promise<{ each: number[]; total: number; primary: number }> {
  await ex.waitFor(() => new RegExp(`^${count} workers x 40 MB model`, 'm').test(ex.output()), 15_000, `${count} workers to report`);
  const lines = ex.output().split('\n');
  const last = lines.findLastIndex((l) => l.startsWith(`${count} workers x 40 MB model`));
  const each = lines
    .slice(0, last)
    .map((l) => /^worker \d+: rss (\d+) MB$/.exec(l))
    .filter((m) => m !== null)
    .slice(-count)
    .map((m) => Number(m[1]));
  const m = /adds up to (\d+) MB \(primary alone: (\d+) MB\)/.exec(lines[last]!)!;
  return { each, total: Number(m[1]), primary: Number(m[2]) };
}

test('memory-per-worker: each worker holds its own model; 4 workers hold about 2 models more than 2', async (t) => {
  const ex = await runExample('memory-per-worker', { t });
  const two = await reported(ex, 2);
  assert.equal(two.each.length, 2);
  // Every worker is above the primary (no model) by at least most of the model's 40 MB.
  for (const rss of two.each) assert.ok(rss - two.primary >= 36, `worker rss ${rss} MB vs primary ${two.primary} MB`);
  assert.ok(Math.abs(two.each.reduce((a, b) => a + b, 0) - two.total) <= 2);

  // Each answer names its worker and that worker's own model and RSS.
  const burst = await ex.session.burst({ method: 'GET', path: '/' }, 6, 2);
  assert.equal(new Set(burst.map((r) => r.pid)).size, 2);
  for (const r of burst) {
    const m = /^worker (\d+): model 40 MB, rss (\d+) MB\n$/.exec(r.body ?? '');
    assert.ok(m, r.body);
    assert.equal(Number(m[1]), r.pid);
    assert.ok(Number(m[2]) * MB >= 40 * MB);
  }

  // Four workers: the total grows by at least most of two more models and two more runtimes.
  const files = ex.example.files;
  await ex.session.writeFile('server.js', files['server.js']!.replace('const WORKERS = 2;', 'const WORKERS = 4;'));
  await ex.session.restart();
  const four = await reported(ex, 4);
  assert.equal(four.each.length, 4);
  for (const rss of four.each) assert.ok(rss - four.primary >= 36, `worker rss ${rss} MB vs primary ${four.primary} MB`);
  assert.ok(four.total - two.total >= 2 * 36, `2 workers: ${two.total} MB, 4 workers: ${four.total} MB`);
});
