// py-max-requests: with --max-requests 6 --max-requests-jitter 3 each worker gets a limit of 6 to 9
// requests; past it the worker exits with code 0 and the master boots a replacement, which runs
// lifespan again. uvicorn checks the count on its main loop's tick (every 0.1 s): a fast burst can
// give one worker several times its limit before it leaves (measured: 45 requests against a limit of
// 9), so the waves here are 5 requests 400 ms apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';
import { PYTHON_TEST, PY_WAIT_MS, listeningWorkers, lines, pidsIn } from './python.ts';

test('py-max-requests: workers are recycled in waves past their 6 to 9 request limit; each replacement runs lifespan', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-max-requests', { t });
  await listeningWorkers(ex, 2);
  const served = new Map<number, number>(); // pid -> the highest count its responses reported
  const limitLines = () => lines(ex, '\\[(\\d+)\\] \\[INFO\\] Maximum request limit of (\\d+) exceeded\\. Terminating process\\.$');
  let errors = 0;
  for (let wave = 0; wave < 30 && limitLines().length < 4; wave++) {
    await new Promise((r) => setTimeout(r, 400));
    for (const r of await ex.session.burst({ method: 'GET', path: '/' }, 5, 5)) {
      if (r.status !== 200) {
        errors++;
        continue;
      }
      const n = Number(/served (\d+) request/.exec(r.body!)?.[1]);
      served.set(r.pid!, Math.max(served.get(r.pid!) ?? 0, n));
    }
    // the replacements: as many workers listening as have started, before the next wave
    await listeningWorkers(ex, ex.pids('worker').length);
  }
  // A connection a worker accepted just as it left is closed unanswered: at most one or two per wave.
  assert.ok(errors <= 4, `${errors} requests without a response`);
  const limits = limitLines().map((m) => ({ pid: Number(m[1]), limit: Number(m[2]) }));
  assert.ok(limits.length >= 4, `${limits.length} workers reached their limit`);
  for (const { pid, limit } of limits) {
    assert.ok(limit >= 6 && limit <= 9, `worker ${pid}: limit ${limit}, expected 6 + jitter 0..3`);
    const n = served.get(pid) ?? 0;
    // At least its limit; at most one wave more (it was below its limit when the wave began).
    assert.ok(n >= limit && n <= limit + 4, `worker ${pid} served ${n} before leaving, its limit ${limit}`);
  }
  await ex.waitFor(() => limits.every(({ pid }) => ex.events('exit').some((e) => e.pid === pid && e.code === 0)), PY_WAIT_MS, 'exit code 0 for each');
  // Each worker that left gets a replacement, whose start marker (stdout) may come after the limit lines (stderr).
  await ex.waitFor(
    () => ex.pids('worker').length >= 2 + limits.length,
    PY_WAIT_MS,
    `${2 + limits.length} workers started: two, then a replacement for each that left`,
  );
  const lifespans = pidsIn(ex, '^lifespan startup ran in pid (\\d+)$');
  for (const pid of ex.pids('worker').filter((p) => served.has(p))) assert.ok(lifespans.includes(pid), `worker ${pid} ran lifespan`);
  assert.equal(ex.pids('primary').length, 1, 'one master throughout');
});
