// Claims of the "Long connections" page about the sse-shutdown example, checked under real Node:
// an open event stream keeps close() waiting while ticks go on and new connections are refused;
// closeAllConnections() at the 3 s deadline cuts it and the process exits with code 0; without the
// deadline the process keeps waiting until the client goes away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEditedExample, runExample } from './run.ts';
import { sandboxClient } from '../test/sandbox-client.ts';

test('sse-shutdown: the open stream holds close() until the deadline; closeAllConnections() ends it; exit 0', async (t) => {
  const ex = await runExample('sse-shutdown', { t });
  const pid = ex.events('start')[0]!.pid;
  assert.equal((await ex.session.request({ method: 'GET', path: '/' })).status, 200);

  const stream = ex.session.request({ method: 'GET', path: '/events' });
  await ex.waitFor(() => /^tick 2 sent$/m.test(ex.output()), 5000, 'the stream to tick');
  const signalledAt = Date.now();
  assert.equal((await ex.session.kill(pid, 'SIGTERM')).ok, true);
  await ex.waitFor(() => /^got SIGTERM: close\(\) stops accepting; 1 stream\(s\) still open/m.test(ex.output()), 5000, 'the SIGTERM handler');

  // Shutting down, but the stream keeps it alive: ticks go on, new connections are refused.
  await ex.waitFor(() => (ex.output().match(/^tick \d+ sent \(still open during shutdown\)$/gm) ?? []).length >= 3, 5000, 'ticks during shutdown');
  const refused = await ex.session.request({ method: 'GET', path: '/' });
  assert.equal(refused.ok, false);
  assert.match(refused.error ?? '', /nothing is listening/);
  assert.equal(ex.session.status, 'running');
  assert.doesNotMatch(ex.output(), /close\(\) called back/);

  // The deadline cuts the stream: the client sees the connection end without a complete response.
  const cut = await stream;
  assert.equal(cut.ok, false, 'the stream did not end normally');
  await ex.waitFor(() => ex.serverExits().length === 1, 5000, 'the server to exit');
  assert.equal(ex.serverExits()[0]!.code, 0);
  const waited = Date.now() - signalledAt;
  assert.ok(waited >= 2900, `exited ${waited} ms after SIGTERM`);
  assert.match(ex.output(), /^deadline of 3000 ms: closeAllConnections\(\) cuts 1 stream\(s\)$/m);
  const calledBack = Number(/^close\(\) called back after (\d+) ms: exiting with code 0$/m.exec(ex.output())?.[1]);
  assert.ok(calledBack >= 3000 && calledBack < 4000, `close() called back after ${calledBack} ms`);
});

test('sse-shutdown: /events?sigterm (the recorded run) cuts the stream at the deadline and exits 0', async (t) => {
  const ex = await runExample('sse-shutdown', { t });
  const cut = await ex.session.request({ method: 'GET', path: '/events?sigterm' });
  assert.equal(cut.ok, false);
  assert.ok(cut.ms! >= 3900, `the stream lasted ${cut.ms} ms: 1 s before SIGTERM, 3 s deadline`);
  await ex.waitFor(() => ex.serverExits().length === 1, 5000, 'the server to exit');
  assert.equal(ex.serverExits()[0]!.code, 0);
  assert.equal((await ex.session.request({ method: 'GET', path: '/' })).ok, false);
});

test('sse-shutdown: without the deadline, close() waits as long as the client keeps its stream open', async (t) => {
  // A client of our own, so the test decides when it leaves (the sandbox's agent never gives up on a
  // stream that keeps ticking: its timeout is for an idle socket). It runs beside the server, inside
  // the example's OS sandbox.
  const ex = await runEditedExample('sse-shutdown', 'server.js', 'server.closeAllConnections();', '// (deadline removed)', { t });
  const client = await sandboxClient(ex);
  const stream = await client.open('/events');
  assert.equal(stream.status, 200);
  const pid = ex.events('start')[0]!.pid;
  await ex.waitFor(() => /^tick 1 sent$/m.test(ex.output()), 5000, 'the stream to tick');
  await ex.session.kill(pid, 'SIGTERM');
  await new Promise((r) => setTimeout(r, 5000));
  assert.equal(ex.session.status, 'running', 'still waiting 5 s after SIGTERM');
  assert.equal(ex.serverExits().length, 0);
  assert.ok((ex.output().match(/still open during shutdown/g) ?? []).length >= 8);
  // The client leaves: now close() calls back and the process exits on its own.
  await stream.destroy();
  await ex.waitFor(() => ex.serverExits().length === 1, 5000, 'the server to exit once the client left');
  assert.equal(ex.serverExits()[0]!.code, 0);
  const calledBack = Number(/^close\(\) called back after (\d+) ms: exiting with code 0$/m.exec(ex.output())?.[1]);
  assert.ok(calledBack >= 5000, `close() called back after ${calledBack} ms, once the client left`);
});
