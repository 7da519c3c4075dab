// Claim of the deployment guide about the cpu-cluster example, checked under real Node: with two
// workers, a /fast sent while /slow computes is answered quickly, by the other worker's PID.
// Round robin does not know which worker is busy: a worker takes its turn again as soon as it has
// accepted a connection, before it reads the request. /fast goes to the other worker because it is
// that worker's turn, so these tests hold only when no other connection comes in between (the request
// agent's port probe makes none where it can read /proc/net/tcp: src/sandbox/agent/agent.cjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

test('cpu-cluster: the other worker answers /fast while one computes /slow', async (t) => {
  const ex = await runExample('cpu-cluster', { t });
  await ex.waitFor(() => ex.events('listening').length === 2, 10_000, 'two workers listening');
  const workers = ex.pids('worker');
  assert.equal(new Set(workers).size, 2);
  assert.equal(ex.pids('primary').length, 1);

  const slowStarted = () => ex.output().match(/^\/slow: worker \d+ starts/gm)?.length ?? 0;
  // Twice, so that each round is a fresh check and not one lucky pick.
  for (let round = 1; round <= 2; round++) {
    const slowPromise = ex.session.request({ method: 'GET', path: '/slow' });
    await ex.waitFor(() => slowStarted() === round, 5000, `/slow #${round} to start computing`);
    const fast = await ex.session.request({ method: 'GET', path: '/fast' });
    const slow = await slowPromise;
    assert.equal(slow.status, 200);
    assert.equal(fast.status, 200);
    assert.ok(workers.includes(slow.pid!) && workers.includes(fast.pid!), 'workers answer, not the primary');
    assert.notEqual(fast.pid, slow.pid, 'the free worker answers /fast');
    assert.ok(slow.ms! >= 1400, `/slow took ${slow.ms} ms`);
    assert.ok(fast.ms! < 500, `/fast took ${fast.ms} ms while /slow ran`);
    assert.ok(fast.start! + fast.ms! < slow.start! + slow.ms!, '/fast was answered before /slow finished');
  }
  assert.equal(ex.events('start').length, 3, 'no process was added or replaced');
});

test('cpu-cluster: /fast twice is answered by the two workers in turn; two /slow at once finish together', async (t) => {
  const ex = await runExample('cpu-cluster', { t });
  await ex.waitFor(() => ex.events('listening').length >= 2, 10_000, 'two workers listening');
  const a = await ex.session.request({ method: 'GET', path: '/fast' });
  const b = await ex.session.request({ method: 'GET', path: '/fast' });
  assert.notEqual(a.pid, b.pid, 'round-robin: the second /fast goes to the other worker');
  const results = await ex.session.burst({ method: 'GET', path: '/slow' }, 2, 2);
  assert.deepEqual(
    results.map((r) => r.status),
    [200, 200],
  );
  assert.equal(new Set(results.map((r) => r.pid)).size, 2, 'each /slow in its own worker');
  for (const r of results) assert.ok(r.ms! >= 1400 && r.ms! < 2600, `a /slow took ${r.ms} ms: neither waited for the other`);
});

test('cpu-cluster: round robin does not know who is busy: a second /fast during /slow waits for the busy worker', async (t) => {
  const ex = await runExample('cpu-cluster', { t });
  await ex.waitFor(() => ex.events('listening').length === 2, 10_000, 'two workers listening');
  const slowPromise = ex.session.request({ method: 'GET', path: '/slow' });
  await ex.waitFor(() => /^\/slow: worker \d+ starts/m.test(ex.output()), 5000, '/slow to start computing');
  const first = await ex.session.request({ method: 'GET', path: '/fast' });
  const second = await ex.session.request({ method: 'GET', path: '/fast' });
  const slow = await slowPromise;
  assert.notEqual(first.pid, slow.pid, 'the first /fast: the other worker, whose turn it was');
  assert.ok(first.ms! < 500, `the first /fast took ${first.ms} ms`);
  assert.equal(second.pid, slow.pid, 'the second /fast: back to the busy worker, whose turn it was again');
  assert.ok(second.start! + second.ms! >= slow.start! + slow.ms!, 'it was answered only after /slow finished');
});
