// Claims of the "How the live examples work" page about the hello example, checked under real Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

test('hello: startup runs once, the counter climbs per request, one PID answers', async (t) => {
  const ex = await runExample('hello', { t });
  const first = await ex.session.request({ method: 'GET', path: '/' });
  assert.equal(first.status, 200);
  assert.match(first.body ?? '', /answered 1 request/);
  const burst = await ex.session.burst({ method: 'GET', path: '/' }, 5, 5);
  assert.equal(burst.length, 5);
  const second = await ex.session.request({ method: 'GET', path: '/' });
  assert.match(second.body ?? '', /answered 7 request/);
  assert.equal(new Set([first.pid, second.pid, ...burst.map((r) => r.pid)]).size, 1);
  assert.equal(ex.events('start').length, 1);
  assert.equal(ex.output().match(/^startup:/gm)?.length, 1);
  assert.equal(ex.events('request').length, 7);
});

test('hello: an edited handler runs after Restart, in a new process whose counter starts again', async (t) => {
  const ex = await runExample('hello', { t });
  const before = await ex.session.request({ method: 'GET', path: '/' });
  await ex.session.request({ method: 'GET', path: '/' });
  const edited = ex.example.files['server.js']!.replace('Hello from process', 'Edited hello from process');
  await ex.session.writeFile('server.js', edited);
  const notYet = await ex.session.request({ method: 'GET', path: '/' });
  assert.match(notYet.body ?? '', /^Hello from process/, 'a running server keeps the code it loaded');
  await ex.session.restart();
  const after = await ex.session.request({ method: 'GET', path: '/' });
  assert.match(after.body ?? '', /^Edited hello from process \d+\. This process has answered 1 request/);
  assert.notEqual(after.pid, before.pid);
  assert.equal(ex.events('start').length, 2, 'module code ran again in the new process');
});
