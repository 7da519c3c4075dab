// py-graceful-shutdown: on SIGTERM uvicorn lets a request in flight finish within
// --timeout-graceful-shutdown 3, runs lifespan shutdown and exits with status 143 (SIGTERM re-raised);
// a request longer than that is cancelled and its client gets 500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';
import { PYTHON_TEST, PY_WAIT_MS } from './python.ts';

test('py-graceful-shutdown: a 2 s request in flight during SIGTERM finishes; uvicorn exits with 143', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-graceful-shutdown', { t });
  const slow = await ex.session.request({ method: 'GET', path: '/slow?seconds=2&sigterm' });
  assert.equal(slow.status, 200, JSON.stringify(slow));
  assert.match(slow.body!, /^finished 2\.0 s of work/);
  await ex.waitFor(() => ex.serverExits().length === 1, PY_WAIT_MS, 'the server to exit');
  const out = ex.output();
  for (const line of [
    'INFO:     Shutting down',
    'INFO:     Waiting for connections to close. (CTRL+C to force quit)',
    '/slow finished',
    'lifespan shutdown ran',
  ])
    assert.ok(out.includes(line), `output has ${JSON.stringify(line)}`);
  // Order is compared on stdout only (uvicorn's log lines come on stderr, another channel).
  assert.ok(slow.ms! >= 1900, `the request took its 2 s (${slow.ms} ms): the signal did not cut it short`);
  assert.ok(out.indexOf('/slow finished') < out.indexOf('lifespan shutdown ran'), 'the request finished before lifespan shutdown');
  assert.equal(ex.serverExits()[0]!.code, 143, 'uvicorn re-raised SIGTERM: 128 + 15');
});

test('py-graceful-shutdown: a 6 s request is cancelled 3 s after SIGTERM, and its client gets 500', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-graceful-shutdown', { t });
  const started = Date.now();
  const slow = await ex.session.request({ method: 'GET', path: '/slow?seconds=6&sigterm' });
  const took = Date.now() - started;
  assert.equal(slow.status, 500, JSON.stringify(slow));
  assert.ok(took >= 3000 && took < 5900, `answered after ${took} ms: 0.5 s + the 3 s allowed, not the 6 s of work`);
  await ex.waitFor(() => ex.serverExits().length === 1, PY_WAIT_MS, 'the server to exit');
  assert.match(ex.output(), /^ERROR: +Cancel 1 running task\(s\), timeout graceful shutdown exceeded$/m);
  assert.match(ex.output(), /^\/slow cancelled before its 6\.0 s were up$/m);
  assert.doesNotMatch(ex.output(), /^\/slow finished$/m);
  assert.match(ex.output(), /^lifespan shutdown ran/m);
  assert.equal(ex.serverExits()[0]!.code, 143);
});
