// py-uvicorn-workers: uvicorn --workers 2 spawns two fresh interpreters; each imports the module and
// runs lifespan, the parent runs neither. A killed worker is replaced by a new PID that imports again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';
import { PYTHON_TEST, PY_WAIT_MS, answeredBy, listeningWorkers, pidsIn, assertOncePerWorker } from './python.ts';

test('py-uvicorn-workers: each spawned worker imports the app and runs lifespan; a killed one is replaced and imports again', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-uvicorn-workers', { t });
  const workers = (await listeningWorkers(ex, 2)).sort((a, b) => a - b);
  const parent = Number(/^INFO: +Started parent process \[(\d+)\]$/m.exec(ex.output())?.[1]);
  assert.ok(parent > 0, 'uvicorn logged its parent process');
  assert.ok(!workers.includes(parent));
  assertOncePerWorker(ex, '^module scope ran in pid (\\d+)$', workers, 'module scope ran once in each worker, not in the parent');
  assertOncePerWorker(ex, '^lifespan startup ran in pid (\\d+)$', workers, 'lifespan ran once in each worker');
  assert.deepEqual(await answeredBy(ex, '/', 20, workers), workers, 'both workers answer');

  const [dead, survivor] = workers as [number, number];
  assert.equal((await ex.session.kill(dead, 'SIGKILL')).ok, true);
  await ex.waitFor(() => new RegExp(`^INFO: +Child process \\[${dead}\\] died$`, 'm').test(ex.output()), PY_WAIT_MS, "uvicorn's 'Child process died'");
  // No exit marker here: uvicorn's parent runs none of the app's code, so lab.py is not there to see
  // it (under python app.py with uvicorn.run(workers=2) it is, and prints one from this log line).
  await ex.waitFor(() => ex.pids('worker').length === 3, PY_WAIT_MS, 'a replacement worker');
  const fresh = ex.pids('worker').find((pid) => !workers.includes(pid))!;
  await listeningWorkers(ex, 3);
  assert.ok(pidsIn(ex, '^module scope ran in pid (\\d+)$').includes(fresh), 'the replacement imported the module again');
  assert.ok(pidsIn(ex, '^lifespan startup ran in pid (\\d+)$').includes(fresh), 'and ran lifespan again');
  assert.deepEqual(
    await answeredBy(ex, '/', 20, [survivor, fresh]),
    [survivor, fresh].sort((a, b) => a - b),
  );
});
