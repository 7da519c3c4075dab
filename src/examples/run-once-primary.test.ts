// Claims of the "Many workers" page about the run-once-primary example, checked under real Node:
// module scope runs in all three processes, the migration and the scheduled job run in the primary
// only, and both workers serve with the primary's result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEditedExample, runExample } from './run.ts';

test('run-once-primary: module scope runs 3 times, the migration once, the scheduled job only in the primary', async (t) => {
  const ex = await runExample('run-once-primary', { t });
  await ex.waitFor(() => ex.events('listening').length === 2, 10_000, 'both workers listening');
  const starts = ex.events('start');
  assert.deepEqual(starts.map((e) => e.role).sort(), ['primary', 'worker', 'worker']);
  const primary = ex.pids('primary')[0]!;
  const workers = ex.pids('worker').sort();
  assert.equal(ex.output().match(/^module scope runs in pid \d+ \((primary|worker)\)/gm)?.length, 3);

  // The migration: once, in the primary, before any worker started.
  const migrations = ex.output().match(/^migration: .*$/gm) ?? [];
  assert.deepEqual(migrations, [`migration: run 1 in pid ${primary} (primary), before any worker is forked`]);
  const migrated = ex.events('mark').filter((e) => e.name === 'migrated');
  assert.equal(migrated.length, 1);
  assert.equal(migrated[0]!.pid, primary);
  const firstWorkerStart = Math.min(...starts.filter((e) => e.role === 'worker').map((e) => e.t));
  assert.ok(migrated[0]!.t <= firstWorkerStart, 'the migration ran before the first worker started');

  // Both workers serve, each with the primary's result.
  const burst = await ex.session.burst({ method: 'GET', path: '/' }, 6, 2);
  assert.ok(burst.every((r) => r.status === 200));
  assert.deepEqual([...new Set(burst.map((r) => r.pid))].sort(), workers);
  for (const r of burst) {
    assert.equal(r.body, `worker ${r.pid}: schema v2, migrated once by the primary (pid ${primary}) before this worker started\n`);
  }

  // The scheduled job: one run per second, every run in the primary (not one per worker).
  await ex.waitFor(() => (ex.output().match(/^scheduled job run \d+/gm) ?? []).length >= 3, 5000, 'three scheduled runs');
  const runs = [...ex.output().matchAll(/^scheduled job run (\d+) in pid (\d+)/gm)];
  assert.deepEqual(
    runs.map((m) => Number(m[1])),
    runs.map((_, i) => i + 1),
    'one counter, no duplicate runs',
  );
  assert.ok(runs.every((m) => Number(m[2]) === primary));
});

test('run-once-primary: the same job at module scope (the naive version) runs in every process', async (t) => {
  const ex = await runEditedExample('run-once-primary', 'server.js', 'if (cluster.isPrimary) {\n  // 1.', 'migrate();\nif (cluster.isPrimary) {\n  // 1.', {
    t,
  });
  await ex.waitFor(() => ex.events('listening').length === 2, 10_000, 'both workers listening');
  const primary = ex.pids('primary')[0]!;
  const workers = ex.pids('worker').sort();
  // Once per process, each line with the role of the process that ran it: the primary twice (module
  // scope and the guarded call), each worker once, labelled as a worker (not as the primary).
  const runs = [...ex.output().matchAll(/^migration: run (\d+) in pid (\d+) \((primary|worker)\), (.*)$/gm)].map((m) => ({
    run: Number(m[1]),
    pid: Number(m[2]),
    role: m[3],
    where: m[4],
  }));
  assert.equal(runs.length, 4);
  assert.equal(ex.events('mark').filter((e) => e.name === 'migrated').length, 4);
  assert.deepEqual(
    runs.filter((r) => r.pid === primary).map((r) => [r.run, r.role, r.where]),
    [
      [1, 'primary', 'before any worker is forked'],
      [2, 'primary', 'before any worker is forked'],
    ],
  );
  const inWorkers = runs.filter((r) => r.pid !== primary);
  assert.deepEqual(inWorkers.map((r) => r.pid).sort(), workers);
  for (const r of inWorkers) assert.deepEqual([r.run, r.role, r.where], [1, 'worker', 'in a worker, after the fork']);
});
