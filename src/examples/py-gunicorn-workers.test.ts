// py-gunicorn-workers: gunicorn -w 2 with UvicornWorker and no --preload: the master imports nothing,
// each forked worker imports the module and runs lifespan; a killed worker is replaced by a new PID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';
import { PYTHON_TEST, PY_WAIT_MS, answeredBy, listeningWorkers, pidsIn, assertOncePerWorker } from './python.ts';

test('py-gunicorn-workers: without --preload each worker imports the app; the master boots a new worker for a killed one', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-gunicorn-workers', { t });
  const workers = (await listeningWorkers(ex, 2)).sort((a, b) => a - b);
  const [master] = ex.pids('primary');
  assert.ok(master, 'the master printed a start marker (role master, shown as the primary)');
  assert.match(
    ex.output(),
    new RegExp(`\\[${master}\\] \\[INFO\\] Listening at: http://0\\.0\\.0\\.0:\\d+ \\(${master}\\)`),
    'gunicorn bound 0.0.0.0:$PORT by itself',
  );
  assertOncePerWorker(ex, '\\[INFO\\] Booting worker with pid: (\\d+)$', workers);
  assertOncePerWorker(ex, '^module scope ran in pid (\\d+)$', workers, 'module scope ran in each worker and not in the master');
  assertOncePerWorker(ex, '^lifespan startup ran in pid (\\d+)$', workers);
  assert.deepEqual(await answeredBy(ex, '/', 20, workers), workers);

  const [dead, survivor] = workers as [number, number];
  assert.equal((await ex.session.kill(dead, 'SIGKILL')).ok, true);
  // gunicorn's line comes on stderr, the exit marker on stdout: wait for both.
  await ex.waitFor(
    () => ex.output().includes(`Worker (pid:${dead}) was sent SIGKILL! Perhaps out of memory?`) && ex.events('exit').some((e) => e.pid === dead),
    PY_WAIT_MS,
    "gunicorn's SIGKILL line and the exit marker",
  );
  const exit = ex.events('exit').find((e) => e.pid === dead);
  assert.equal(exit?.signal, 'SIGKILL', 'the exit marker says SIGKILL');
  await ex.waitFor(() => ex.pids('worker').length === 3, PY_WAIT_MS, 'a replacement worker');
  const fresh = ex.pids('worker').find((pid) => !workers.includes(pid))!;
  await listeningWorkers(ex, 3);
  assert.match(ex.output(), new RegExp(`Booting worker with pid: ${fresh}$`, 'm'));
  assert.ok(pidsIn(ex, '^module scope ran in pid (\\d+)$').includes(fresh), 'the new worker imported the module again');
  assert.ok(pidsIn(ex, '^lifespan startup ran in pid (\\d+)$').includes(fresh), 'and ran lifespan again');
  assert.deepEqual(
    await answeredBy(ex, '/', 20, [survivor, fresh]),
    [survivor, fresh].sort((a, b) => a - b),
  );
  assert.equal(ex.pids('primary').length, 1, 'the master never restarted');
});
