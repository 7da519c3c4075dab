// Claims of guide 1 (startup vs request) about the per-request-resource example, checked under real Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

test('per-request-resource: one pool; every session closed after its response; /leak leaves one open', async (t) => {
  const ex = await runExample('per-request-resource', { t });
  const get = (path: string) => ex.session.request({ method: 'GET', path });
  const start = await get('/stats');
  assert.equal(start.body, 'sessions opened 0, closed 0, still open 0\n');

  const one = await get('/');
  assert.match(one.body ?? '', /with session #1\n$/);
  const burst = await ex.session.burst({ method: 'GET', path: '/' }, 10, 5);
  assert.equal(burst.length, 10);
  assert.ok(burst.every((r) => r.status === 200));
  // 11 requests: 11 sessions opened and all 11 closed.
  assert.equal((await get('/stats')).body, 'sessions opened 11, closed 11, still open 0\n');

  // Each /leak raises the open count by one.
  assert.match((await get('/leak')).body ?? '', /^session #12 opened and never closed \(still open: 1\)/);
  assert.equal((await get('/stats')).body, 'sessions opened 12, closed 11, still open 1\n');
  assert.match((await get('/leak')).body ?? '', /\(still open: 2\)/);
  assert.equal((await get('/stats')).body, 'sessions opened 13, closed 11, still open 2\n');
  // A well-behaved request after the leaks still closes its own session.
  await get('/');
  assert.equal((await get('/stats')).body, 'sessions opened 14, closed 12, still open 2\n');

  // The pool was created once, at startup, by the one process that answered everything.
  assert.equal(ex.output().match(/^pool created in process/gm)?.length, 1);
  assert.ok(ex.output().indexOf('pool created') < ex.output().indexOf('[lab] listening'));
  assert.equal(ex.events('start').length, 1);
  assert.equal(new Set(ex.events('request').map((e) => e.pid)).size, 1);
});
