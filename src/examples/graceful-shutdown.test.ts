// Claims of the reload-and-shutdown guide about the graceful-shutdown example, checked under real
// Node: a /slow in flight when SIGTERM arrives completes with 200, a new request after SIGTERM is
// refused, and the process exits with code 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadExample } from './load.ts';
import { runExample } from './run.ts';
import { sandboxClient } from '../test/sandbox-client.ts';

test('graceful-shutdown: SIGTERM drains the in-flight /slow, refuses new requests, exits 0', async (t) => {
  const ex = await runExample('graceful-shutdown', { t });
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

  await ex.waitFor(() => ex.serverExits().length === 1, 5000, 'the server to exit');
  assert.equal(ex.serverExits()[0]!.code, 0);
  assert.equal(ex.session.status, 'stopped');
  assert.match(ex.output(), /^all requests finished: exiting with code 0$/m);
  assert.doesNotMatch(ex.output(), /exiting with code 1/);
});

// The line "no new connections from now on" must be true when it is read. A client that reads it
// and connects at once, while the server process has not run its next statement yet (a busy
// machine deschedules it), was once let in and then reset. Here the process is made to stall
// right after printing the line, so the order of the handler's statements is what is tested.
test('graceful-shutdown: the SIGTERM line is printed only once the listener is closed', async (t) => {
  const source = loadExample('graceful-shutdown').files['server.js']!;
  const stall = '{ const until = Date.now() + 300; while (Date.now() < until); }\n';
  const stalled = source.replace(/^( *console\.log\(`got SIGTERM.*\n)/m, `$1${stall}`);
  assert.notEqual(stalled, source);
  const ex = await runExample('graceful-shutdown', { files: { 'server.js': stalled }, t });
  const slow = ex.session.request({ method: 'GET', path: '/slow' });
  await ex.waitFor(() => /^\/slow started/m.test(ex.output()), 5000, '/slow to start');
  assert.equal((await ex.session.kill(ex.events('start')[0]!.pid, 'SIGTERM')).ok, true);
  await ex.waitFor(() => ex.output().includes('no new connections from now on'), 5000, 'the SIGTERM line');
  const refused = await ex.session.request({ method: 'GET', path: '/' });
  assert.match(refused.error ?? '', /nothing is listening/);
  assert.equal((await slow).status, 200);
});

test('graceful-shutdown: /slow?sigterm (the recorded run) drains the same way', async (t) => {
  const ex = await runExample('graceful-shutdown', { t });
  const slow = await ex.session.request({ method: 'GET', path: '/slow?sigterm' });
  assert.equal(slow.status, 200);
  assert.ok(slow.ms! >= 1900, `/slow took ${slow.ms} ms`);
  assert.match(ex.output(), /^got SIGTERM: 1 request\(s\) in flight/m);
  await ex.waitFor(() => ex.serverExits().length === 1, 5000, 'the server to exit');
  assert.equal(ex.serverExits()[0]!.code, 0);
  assert.equal((await ex.session.request({ method: 'GET', path: '/' })).ok, false, 'refused once it is gone');
});

// A keep-alive client, as browsers, proxies and HTTP client libraries are: the socket that carried /
// goes back to the pool and carries /slow (the request agent's pool, as the request panel's Keep-alive
// uses it), and the server is signalled from outside, as an orchestrator does.
test('graceful-shutdown: a keep-alive client does not hold up the drain; the server exits 0 right after /slow', async (t) => {
  const ex = await runExample('graceful-shutdown', { t });
  const pid = ex.events('start')[0]!.pid;
  const get = (path: string) => ex.session.request({ method: 'GET', path, keepAlive: true });
  // Warm the pool: /slow below goes over this same, reused connection.
  assert.equal((await get('/')).status, 200);

  const slowPromise = get('/slow');
  await ex.waitFor(() => /^\/slow started/m.test(ex.output()), 5000, '/slow to start');
  assert.equal((await ex.session.kill(pid, 'SIGTERM')).ok, true);

  const slow = await slowPromise;
  assert.equal(slow.status, 200);
  assert.equal(slow.reused, true);

  await ex.waitFor(() => ex.serverExits().length === 1, 8000, 'the server to exit');
  const exitedAt = Date.now();
  const finishedAt = slow.start! + slow.ms!;
  assert.equal(ex.serverExits()[0]!.code, 0);
  assert.ok(exitedAt - finishedAt < 1000, `exited ${exitedAt - finishedAt} ms after /slow finished`);
  assert.doesNotMatch(ex.output(), /exiting with code 1/);
  // The response busy at SIGTERM told the client not to reuse its connection.
  assert.equal(slow.headers?.connection, 'close');
});

test('graceful-shutdown: a request that never completes meets the hard deadline: exit 1 after 5 s', async (t) => {
  const ex = await runExample('graceful-shutdown', { t });
  const client = await sandboxClient(ex);
  // Half a request: the headers never end, so the connection is neither idle nor finished.
  const socket = await client.raw('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  await new Promise((r) => setTimeout(r, 100));
  const signalledAt = Date.now();
  assert.equal((await ex.session.kill(ex.events('start')[0]!.pid, 'SIGTERM')).ok, true);
  await ex.waitFor(() => ex.serverExits().length === 1, 8000, 'the server to exit');
  const elapsed = Date.now() - signalledAt;
  assert.equal(ex.serverExits()[0]!.code, 1);
  assert.ok(elapsed >= 4900 && elapsed < 7000, `exited ${elapsed} ms after SIGTERM`);
  assert.match(ex.output(), /after 5000 ms: closing them and exiting with code 1$/m);
  assert.ok((await socket.closed) - signalledAt >= 4900, 'the half-open connection was held until the deadline');
});

test('graceful-shutdown: the request panel with Keep-alive on reuses the connection, and the drain closes it', async (t) => {
  const ex = await runExample('graceful-shutdown', { t });
  const first = await ex.session.request({ method: 'GET', path: '/', keepAlive: true });
  assert.equal(first.reused, false);
  const second = await ex.session.request({ method: 'GET', path: '/', keepAlive: true });
  assert.equal(second.reused, true, 'the second keep-alive request goes over the first one’s connection');
  assert.equal((await ex.session.request({ method: 'GET', path: '/' })).reused, false, 'Keep-alive off: a new connection');

  const slow = await ex.session.request({ method: 'GET', path: '/slow?sigterm', keepAlive: true });
  assert.equal(slow.status, 200);
  assert.equal(slow.reused, true);
  assert.equal(slow.headers?.connection, 'close');
  await ex.waitFor(() => ex.serverExits().length === 1, 2000, 'the server to exit soon after /slow');
  assert.equal(ex.serverExits()[0]!.code, 0);
});

test('graceful-shutdown: with DRAIN_KEEP_ALIVE = false (server.close() alone), a keep-alive client holds the drain until the deadline: exit 1', async (t) => {
  const { files } = loadExample('graceful-shutdown');
  const edited = files['server.js']!.replace('const DRAIN_KEEP_ALIVE = true;', 'const DRAIN_KEEP_ALIVE = false;');
  assert.notEqual(edited, files['server.js']);
  const ex = await runExample('graceful-shutdown', { files: { 'server.js': edited }, t });
  assert.equal((await ex.session.request({ method: 'GET', path: '/', keepAlive: true })).status, 200);
  const slow = await ex.session.request({ method: 'GET', path: '/slow?sigterm', keepAlive: true });
  assert.equal(slow.status, 200);
  assert.equal(slow.reused, true);
  assert.equal(slow.headers?.connection, 'keep-alive');
  await ex.waitFor(() => ex.serverExits().length === 1, 8000, 'the deadline');
  assert.equal(ex.serverExits()[0]!.code, 1);
  assert.match(ex.output(), /after 5000 ms: closing them and exiting with code 1$/m);
});
