// py-gunicorn-preload: with --preload the module runs once, in the master, before gunicorn starts;
// lifespan runs in each worker, and in a replacement worker, which does not import again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';
import { PYTHON_TEST, PY_WAIT_MS, answeredBy, listeningWorkers, pidsIn, assertOncePerWorker } from './python.ts';

test('py-gunicorn-preload: the master imports the app once; lifespan runs in each worker and in a replacement', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-gunicorn-preload', { t });
  const workers = (await listeningWorkers(ex, 2)).sort((a, b) => a - b);
  const [master] = ex.pids('primary');
  assert.ok(master);
  assert.deepEqual(pidsIn(ex, '^module scope ran in pid (\\d+)$'), [master], 'module scope ran once, in the master');
  // Both on stdout: the module ran before the master forked its first worker.
  const out = ex.output();
  assert.ok(out.indexOf('module scope ran') < out.indexOf('role=worker'), 'before the master forked');
  assertOncePerWorker(ex, '^lifespan startup ran in pid (\\d+)$', workers, 'lifespan in each worker');
  assert.deepEqual(await answeredBy(ex, '/', 20, workers), workers);

  const [dead] = workers as [number, number];
  assert.equal((await ex.session.kill(dead, 'SIGKILL')).ok, true);
  await ex.waitFor(() => ex.pids('worker').length === 3, PY_WAIT_MS, 'a replacement worker');
  const fresh = ex.pids('worker').find((pid) => !workers.includes(pid))!;
  await listeningWorkers(ex, 3);
  assert.ok(pidsIn(ex, '^lifespan startup ran in pid (\\d+)$').includes(fresh), 'the replacement ran lifespan');
  assert.deepEqual(pidsIn(ex, '^module scope ran in pid (\\d+)$'), [master], 'and did not import the module again');
});
