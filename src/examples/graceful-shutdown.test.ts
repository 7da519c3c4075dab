// Claims of the reload-and-shutdown guide about the graceful-shutdown example, checked under real
// Node: a /slow in flight when SIGTERM arrives completes with 200, a new request after SIGTERM is
// refused, and the process exits with code 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample, type RunningExample } from './run.ts';

const serverExits = (ex: RunningExample) => ex.events('exit').filter((e) => e.pid === null);

test('graceful-shutdown: SIGTERM drains the in-flight /slow, refuses new requests, exits 0', async () => {
  const ex = await runExample('graceful-shutdown');
  try {
    const pid = ex.events('start')[0]!.pid;
    assert.equal((await ex.session.request({ method: 'GET', path: '/' })).status, 200);

    const slowPromise = ex.session.request({ method: 'GET', path: '/slow' });
    await ex.waitFor(() => /^\/slow started/m.test(ex.output()), 5000, '/slow to start');
    const signalledAt = Date.now();
    assert.equal((await ex.session.kill(pid, 'SIGTERM')).ok, true);
    await ex.waitFor(() => ex.output().includes('got SIGTERM: 1 request(s) in flight'), 5000, 'the SIGTERM handler');

    // The listener is closed while the process still drains: a new connection is refused.
    const refused = await ex.session.request({ method: 'GET', path: '/' });
    assert.equal(refused.ok, false);
    assert.match(refused.error ?? '', /nothing is listening/);
    assert.equal(ex.session.status, 'running', 'the process is still alive, draining');

    const slow = await slowPromise;
    assert.equal(slow.status, 200);
    assert.equal(slow.body, `/slow finished after 2000 ms in pid ${pid}\n`);
    assert.ok(slow.ms! >= 1900, `/slow took ${slow.ms} ms`);
    assert.ok(slow.start! + slow.ms! > signalledAt, '/slow finished after the signal');

    await ex.waitFor(() => serverExits(ex).length === 1, 5000, 'the server to exit');
    assert.equal(serverExits(ex)[0]!.code, 0);
    assert.equal(ex.session.status, 'stopped');
    assert.match(ex.output(), /^all requests finished: exiting with code 0$/m);
    assert.doesNotMatch(ex.output(), /exiting anyway/);
  } finally {
    await ex.close();
  }
});

test('graceful-shutdown: /slow?sigterm (the recorded run) drains the same way', async () => {
  const ex = await runExample('graceful-shutdown');
  try {
    const slow = await ex.session.request({ method: 'GET', path: '/slow?sigterm' });
    assert.equal(slow.status, 200);
    assert.ok(slow.ms! >= 1900, `/slow took ${slow.ms} ms`);
    assert.match(ex.output(), /^got SIGTERM: 1 request\(s\) in flight/m);
    await ex.waitFor(() => serverExits(ex).length === 1, 5000, 'the server to exit');
    assert.equal(serverExits(ex)[0]!.code, 0);
    assert.equal((await ex.session.request({ method: 'GET', path: '/' })).ok, false, 'refused once it is gone');
  } finally {
    await ex.close();
  }
});
