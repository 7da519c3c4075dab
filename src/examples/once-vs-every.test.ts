// Claims of guide 1 (startup vs request) about the once-vs-every example, checked under real Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

test('once-vs-every: startup once, the handler every time, one counter, one PID', async (t) => {
  const ex = await runExample('once-vs-every', { t });
  const first = await ex.session.request({ method: 'GET', path: '/' });
  assert.equal(first.status, 200);
  assert.match(first.body ?? '', new RegExp(`^process ${first.pid} has answered 1 request\\(s\\)`));

  const burst = await ex.session.burst({ method: 'GET', path: '/' }, 20, 5);
  assert.equal(burst.length, 20);
  assert.ok(burst.every((r) => r.status === 200));
  // The counter went up once per request: the 20 answers hold the counts 2..21, each once.
  const counts = burst.map((r) => Number(/answered (\d+) request/.exec(r.body ?? '')?.[1])).sort((a, b) => a - b);
  assert.deepEqual(
    counts,
    Array.from({ length: 20 }, (_, i) => i + 2),
  );

  // One process answered everything.
  assert.equal(new Set([first.pid, ...burst.map((r) => r.pid)]).size, 1);
  // Module scope ran once; the handler ran 21 times.
  assert.equal(ex.events('start').length, 1);
  assert.equal(ex.events('start')[0]!.pid, first.pid);
  assert.equal(ex.output().match(/^startup: found \d+ primes/gm)?.length, 1);
  assert.ok(ex.output().indexOf('startup: found') < ex.output().indexOf('listening on'), 'startup work runs before the server listens');
  await ex.waitFor(() => (ex.output().match(/^handler: request #/gm)?.length ?? 0) >= 21, 2000, '21 handler lines');
  assert.equal(ex.output().match(/^handler: request #/gm)?.length, 21);
});
