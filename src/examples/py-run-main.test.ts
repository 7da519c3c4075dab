// py-run-main: python app.py with uvicorn.run("app:app", workers=2) under the __main__ guard runs the
// module once as __main__ in the parent and twice in each spawned worker (as __mp_main__, then as app);
// the parent imported lab.py, so a killed worker gets an exit marker from uvicorn's "Child process died".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';
import { PYTHON_TEST, PY_WAIT_MS, answeredBy, lines, listeningWorkers } from './python.ts';

test('py-run-main: the module runs as __main__ once, and as __mp_main__ and app in every worker; a killed worker is replaced', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-run-main', { t });
  const workers = (await listeningWorkers(ex, 2)).sort((a, b) => a - b);
  const [parent] = ex.pids('primary');
  assert.ok(parent, 'the parent marked itself (role master)');
  const ran = (as: string) => lines(ex, `^module ran in pid (\\d+) as ${as}$`).map((m) => Number(m[1]));
  assert.deepEqual(ran('__main__'), [parent], 'as __main__: once, in the parent');
  assert.match(ex.output(), new RegExp(`^__main__ guard: pid ${parent} calls uvicorn\\.run\\(workers=2\\)$`, 'm'));
  for (const pid of workers) {
    assert.ok(ran('__mp_main__').includes(pid), `worker ${pid} ran it as __mp_main__`);
    assert.ok(ran('app').includes(pid), `and as app`);
  }
  assert.deepEqual(await answeredBy(ex, '/', 20, workers), workers);

  const [dead] = workers as [number, number];
  assert.equal((await ex.session.kill(dead, 'SIGKILL')).ok, true);
  await ex.waitFor(() => ex.events('exit').some((e) => e.pid === dead), PY_WAIT_MS, 'an exit marker from the parent');
  // uvicorn's log line comes on stderr, the marker on stdout: either may arrive first.
  const died = new RegExp(`^INFO: +Child process \\[${dead}\\] died$`, 'm');
  await ex.waitFor(() => died.test(ex.output()), PY_WAIT_MS, "uvicorn's 'Child process died' line");
  await ex.waitFor(() => ex.pids('worker').filter((p) => !workers.includes(p)).length > 0, PY_WAIT_MS, 'a replacement');
  const fresh = ex.pids('worker').find((p) => !workers.includes(p))!;
  await ex.waitFor(() => ran('app').includes(fresh), PY_WAIT_MS, 'the replacement to import the app');
  assert.ok(ran('__mp_main__').includes(fresh));
  assert.deepEqual(ran('__main__'), [parent], 'the parent never ran the module again');
});
