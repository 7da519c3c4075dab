// Claim of the deployment guide about the cpu-single example, checked under real Node: in one
// process, a /fast request sent while /slow computes waits until /slow is done (well over 1 s).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

test('cpu-single: /fast sent while /slow computes waits for it', async (t) => {
  const ex = await runExample('cpu-single', { t });
  const pid = ex.events('start')[0]!.pid;
  const alone = await ex.session.request({ method: 'GET', path: '/fast' });
  assert.equal(alone.status, 200);
  assert.ok(alone.ms! < 500, `/fast alone took ${alone.ms} ms`);

  const slowStarted = () => ex.output().match(/^\/slow: pid \d+ starts/gm)?.length ?? 0;
  const slowPromise = ex.session.request({ method: 'GET', path: '/slow' });
  await ex.waitFor(() => slowStarted() === 1, 5000, '/slow to start computing');
  const fast = await ex.session.request({ method: 'GET', path: '/fast' });
  const slow = await slowPromise;

  assert.equal(slow.status, 200);
  assert.equal(fast.status, 200);
  assert.equal(slow.pid, pid);
  assert.equal(fast.pid, pid, 'the only process answers both');
  assert.ok(slow.ms! >= 1400, `/slow took ${slow.ms} ms`);
  assert.ok(fast.ms! >= 1000, `/fast waited only ${fast.ms} ms`);
  // /fast could not even start before /slow's loop ended.
  assert.ok(fast.start! + fast.ms! >= slow.start! + slow.ms! - 50, '/fast finished after /slow');
  const log = ex.output();
  assert.ok(log.indexOf('is free again') > log.indexOf('starts 1500 ms'));
});

test('cpu-single: two /slow at once take about 3 s in all, one after the other', async (t) => {
  const ex = await runExample('cpu-single', { t });
  const results = await ex.session.burst({ method: 'GET', path: '/slow' }, 2, 2);
  assert.deepEqual(
    results.map((r) => r.status),
    [200, 200],
  );
  const [first, second] = [...results].sort((a, b) => a.ms! - b.ms!);
  assert.ok(first!.ms! >= 1400 && first!.ms! < 2500, `the first took ${first!.ms} ms`);
  assert.ok(second!.ms! >= 2800, `the second waited for the first: ${second!.ms} ms`);
});
