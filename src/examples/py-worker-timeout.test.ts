// py-worker-timeout: time.sleep() in an async def blocks UvicornWorker's heartbeat; after -t 3 the
// master logs WORKER TIMEOUT, kills the worker with SIGABRT and boots a new one. await asyncio.sleep()
// for longer than the timeout does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';
import { PYTHON_TEST, PY_WAIT_MS, answeredBy, listeningWorkers } from './python.ts';

test('py-worker-timeout: time.sleep in async def gets WORKER TIMEOUT and a new worker; asyncio.sleep does not', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-worker-timeout', { t });
  const workers = (await listeningWorkers(ex, 2)).sort((a, b) => a - b);

  const awaited = await ex.session.request({ method: 'GET', path: '/await?seconds=5' });
  assert.equal(awaited.status, 200, '5 s of await asyncio.sleep under -t 3 is fine');
  assert.doesNotMatch(ex.output(), /WORKER TIMEOUT/);

  const blocked = await ex.session.request({ method: 'GET', path: '/block?seconds=10' });
  assert.equal(blocked.ok, false, `no response: the worker was killed mid-request (${JSON.stringify(blocked)})`);
  const victim = Number(/^\/block: time\.sleep\(10\.0\) in async def, pid (\d+)$/m.exec(ex.output())?.[1]);
  assert.ok(workers.includes(victim));
  // The master logs and reaps after the client saw its connection end: on a busy machine, a moment later.
  const timeout = new RegExp(`\\[CRITICAL\\] WORKER TIMEOUT \\(pid:${victim}\\)$`, 'm');
  const aborted = new RegExp(`\\[WARNING\\] Worker \\(pid:${victim}\\) was sent SIGABRT!$`, 'm');
  await ex.waitFor(
    () => timeout.test(ex.output()) && aborted.test(ex.output()) && ex.events('exit').some((e) => e.pid === victim),
    PY_WAIT_MS,
    "the master's WORKER TIMEOUT, SIGABRT and exit lines",
  );
  assert.equal(ex.events('exit').find((e) => e.pid === victim)?.signal, 'SIGABRT');
  await ex.waitFor(() => ex.pids('worker').length === 3, PY_WAIT_MS, 'a new worker');
  const fresh = ex.pids('worker').find((pid) => !workers.includes(pid))!;
  await listeningWorkers(ex, 3);
  const survivor = workers.find((pid) => pid !== victim)!;
  assert.deepEqual(
    await answeredBy(ex, '/', 20, [survivor, fresh]),
    [survivor, fresh].sort((a, b) => a - b),
  );
});
