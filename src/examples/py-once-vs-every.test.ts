// py-once-vs-every: under one uvicorn process, module scope and lifespan startup run once, before the
// first request, and the handler on every request, all in the same PID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';
import { PYTHON_TEST, answeredBy, pidsIn } from './python.ts';

test('py-once-vs-every: one uvicorn process runs the module and lifespan once, the handler per request', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-once-vs-every', { t });
  const [pid] = ex.pids('single');
  assert.ok(pid, 'a start marker with role single');
  assert.deepEqual(await answeredBy(ex, '/', 6), [pid]);
  assert.deepEqual(pidsIn(ex, '^module scope ran in pid (\\d+)$'), [pid], 'module scope ran once');
  assert.deepEqual(pidsIn(ex, '^lifespan startup ran in pid (\\d+)$'), [pid], 'lifespan startup ran once');
  assert.equal(pidsIn(ex, '^handler ran in pid (\\d+)').length, 6, 'the handler ran for each request');
  assert.match(ex.output(), /^handler ran in pid \d+ \(request 6 of this process\)$/m, 'one module global, counted up to 6');
  // Both lines are on stdout (uvicorn's own log is on stderr, another channel, so not compared): lab
  // prints the listening marker when uvicorn logs 'Uvicorn running on', after it has bound the port.
  const out = ex.output();
  assert.ok(out.indexOf('lifespan startup ran') < out.indexOf('[lab] listening'), 'lifespan startup ran before uvicorn bound the port');

  await ex.session.stop();
  await ex.waitFor(() => /^lifespan shutdown ran in pid \d+$/m.test(ex.output()), 10_000, 'lifespan shutdown');
});
