// py-signals: gunicorn's master on HUP starts new workers (which import and run lifespan again) and
// stops the old; TTIN adds a worker, TTOU removes the oldest; TERM stops gracefully with exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample, type RunningExample } from './run.ts';
import { PYTHON_TEST, PY_WAIT_MS, answeredBy, listeningWorkers, pidsIn } from './python.ts';

/** Workers that started and have not exited, by their markers. */
function live(ex: RunningExample): number[] {
  const gone = new Set(ex.events('exit').map((e) => e.pid));
  return ex.pids('worker').filter((pid) => !gone.has(pid));
}

/** What the master's row in the processes table sends: the signal, through the request agent. */
async function signal(ex: RunningExample, name: 'HUP' | 'TTIN' | 'TTOU' | 'TERM'): Promise<void> {
  const [master] = ex.pids('primary');
  const r = await ex.session.kill(master!, `SIG${name}`);
  assert.equal(r.ok, true, JSON.stringify(r));
  await ex.waitFor(() => ex.output().includes(`[INFO] Handling signal: ${name.toLowerCase()}`), PY_WAIT_MS, `gunicorn handling ${name}`);
}

test('py-signals: HUP replaces the workers (import and lifespan again), TTIN/TTOU add and remove one, TERM exits 0', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-signals', { t });
  const first = (await listeningWorkers(ex, 2)).sort((a, b) => a - b);
  const [master] = ex.pids('primary');

  await signal(ex, 'HUP');
  await ex.waitFor(() => /\[INFO\] Hang up: Master$/m.test(ex.output()), PY_WAIT_MS, 'the master to log the hang-up');
  await ex.waitFor(() => first.every((pid) => ex.events('exit').some((e) => e.pid === pid)), PY_WAIT_MS, 'the old workers to exit');
  await ex.waitFor(() => live(ex).length === 2, PY_WAIT_MS, 'two new workers');
  const second = live(ex).sort((a, b) => a - b);
  assert.ok(
    second.every((pid) => !first.includes(pid)),
    'two new PIDs',
  );
  // The master's log lines come on stderr, the exit markers on stdout: wait for both channels.
  for (const pid of first) {
    const sent = new RegExp(`Worker \\(pid:${pid}\\) was sent SIGTERM!`);
    await ex.waitFor(() => sent.test(ex.output()), PY_WAIT_MS, `gunicorn's SIGTERM line for ${pid}`);
  }
  await listeningWorkers(ex, 4);
  for (const pid of second) {
    assert.ok(pidsIn(ex, '^module scope ran in pid (\\d+)$').includes(pid), `new worker ${pid} imported the app`);
    assert.ok(pidsIn(ex, '^lifespan startup ran in pid (\\d+)$').includes(pid), `and ran lifespan`);
  }
  assert.deepEqual(await answeredBy(ex, '/', 20, second), second);

  await signal(ex, 'TTIN');
  await ex.waitFor(() => live(ex).length === 3, PY_WAIT_MS, 'a third worker');
  const third = live(ex).find((pid) => !second.includes(pid))!;
  await listeningWorkers(ex, 5);

  await signal(ex, 'TTOU');
  await ex.waitFor(() => live(ex).length === 2, PY_WAIT_MS, 'back to two workers');
  assert.ok(live(ex).includes(third), 'TTOU stopped an older worker, not the newest');

  assert.deepEqual(ex.pids('primary'), [master], 'the master kept its PID throughout');
  await signal(ex, 'TERM');
  await ex.waitFor(() => ex.serverExits().length === 1, PY_WAIT_MS, 'the master to exit');
  await ex.waitFor(() => /\[INFO\] Shutting down: Master$/m.test(ex.output()), PY_WAIT_MS, 'the master to log its shutdown');
  assert.equal(ex.serverExits()[0]!.code, 0);
  assert.equal(pidsIn(ex, '^lifespan shutdown ran in pid (\\d+)$').length, 5, 'every worker ran lifespan shutdown: two on HUP, one on TTOU, two on TERM');
});
