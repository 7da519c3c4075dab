// Claims of the forking-vs-spawning guide about the preload-ipc example, checked under real Node:
// with PRELOAD the table is computed once, by the primary, and each worker gets a copy over IPC;
// without it each worker computes its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample, type RunningExample } from './run.ts';

/** Lines "computing table in pid N" in `text`, as pids. */
function computedBy(text: string): number[] {
  return [...text.matchAll(/^computing table in pid (\d+)$/gm)].map((m) => Number(m[1]));
}

async function workersListening(ex: RunningExample, count: number): Promise<void> {
  await ex.waitFor(() => ex.events('listening').length >= count, 10_000, `${count} workers listening`);
}

test('preload-ipc: PRELOAD computes once in the primary; false computes once per worker', async (t) => {
  const ex = await runExample('preload-ipc', { t });
  await workersListening(ex, 2);
  const starts = ex.events('start');
  assert.deepEqual(starts.map((s) => s.role).sort(), ['primary', 'worker', 'worker']);
  const primary = ex.pids('primary')[0]!;
  const workers = ex.pids('worker');
  assert.equal(new Set([primary, ...workers]).size, 3, 'three distinct processes');

  // Computed exactly once, by the primary; each worker received a serialized copy.
  assert.deepEqual(computedBy(ex.output()), [primary]);
  const received = [...ex.output().matchAll(/^worker (\d+) received the table from pid (\d+)/gm)];
  assert.deepEqual(received.map((m) => Number(m[1])).sort(), [...workers].sort());
  assert.ok(received.every((m) => Number(m[2]) === primary));

  const burst = await ex.session.burst({ method: 'GET', path: '/' }, 10, 2);
  assert.equal(burst.length, 10);
  assert.ok(burst.every((r) => r.status === 200));
  assert.deepEqual([...new Set(burst.map((r) => r.pid))].sort(), [...workers].sort(), 'both workers answer');
  for (const r of burst) assert.match(r.body ?? '', new RegExp(`received from the primary \\(pid ${primary}\\) over IPC`));

  // The reader's edit: PRELOAD = false, then Restart.
  const source = ex.example.files['server.js']!;
  assert.match(source, /^const PRELOAD = true;/m);
  const mark = ex.output().length;
  await ex.session.writeFile('server.js', source.replace(/^const PRELOAD = true;/m, 'const PRELOAD = false;'));
  await ex.session.restart();
  await workersListening(ex, 4);
  const after = ex.events('start').slice(3);
  assert.deepEqual(after.map((s) => s.role).sort(), ['primary', 'worker', 'worker']);
  const newWorkers = after.filter((s) => s.role === 'worker').map((s) => s.pid);
  assert.deepEqual(computedBy(ex.output().slice(mark)).sort(), [...newWorkers].sort(), 'computed twice, once in each worker');

  const again = await ex.session.burst({ method: 'GET', path: '/' }, 10, 2);
  assert.deepEqual([...new Set(again.map((r) => r.pid))].sort(), [...newWorkers].sort());
  for (const r of again) assert.match(r.body ?? '', /computed in this worker/);
});
