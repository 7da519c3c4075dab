// Claims of the deployment guide about the cluster-refork example, checked under real Node: after
// /crash or a SIGKILL, the primary forks a replacement with a new PID, and two PIDs serve again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample, type RunningExample } from './run.ts';

/** Wait for `dead` to be logged as exited and for one new worker to be listening; return the new PID. */
async function replacementOf(ex: RunningExample, dead: number, known: number[]): Promise<number> {
  await ex.waitFor(() => ex.events('exit').some((e) => e.pid === dead), 5000, `exit of ${dead}`);
  await ex.waitFor(() => ex.pids('worker').length === known.length + 1, 10_000, 'a replacement worker');
  const fresh = ex.pids('worker').find((pid) => !known.includes(pid))!;
  await ex.waitFor(() => ex.events('listening').some((e) => e.pid === fresh), 10_000, `worker ${fresh} listening`);
  assert.match(ex.output(), new RegExp(`^primary: worker ${dead} died \\(.+\\); forked worker ${fresh} to replace it$`, 'm'));
  return fresh;
}

async function servedBy(ex: RunningExample): Promise<number[]> {
  const burst = await ex.session.burst({ method: 'GET', path: '/' }, 20, 5);
  assert.equal(burst.length, 20);
  assert.ok(
    burst.every((r) => r.status === 200),
    JSON.stringify(burst.filter((r) => r.status !== 200)),
  );
  return [...new Set(burst.map((r) => r.pid!))].sort();
}

test('cluster-refork: a dead worker is replaced by a new PID, and two PIDs serve again', async (t) => {
  const ex = await runExample('cluster-refork', { t });
  await ex.waitFor(() => ex.events('listening').length === 2, 10_000, 'two workers listening');
  const [a, b] = ex.pids('worker') as [number, number];
  assert.deepEqual(await servedBy(ex), [a, b].sort());

  // 1. A crash: the worker exits with code 1.
  const crash = await ex.session.request({ method: 'GET', path: '/crash' });
  assert.equal(crash.status, 200);
  const dead = crash.pid!;
  const survivor = dead === a ? b : a;
  const c = await replacementOf(ex, dead, [a, b]);
  assert.ok(![a, b].includes(c));
  assert.equal(ex.events('exit').find((e) => e.pid === dead)!.code, 1);
  assert.deepEqual(await servedBy(ex), [survivor, c].sort(), 'the survivor and the replacement serve');

  // 2. SIGKILL from outside (the OOM killer, say): replaced the same way.
  assert.equal((await ex.session.kill(survivor, 'SIGKILL')).ok, true);
  const d = await replacementOf(ex, survivor, [a, b, c]);
  assert.equal(ex.events('exit').find((e) => e.pid === survivor)!.signal, 'SIGKILL');
  assert.deepEqual(await servedBy(ex), [c, d].sort());

  const starts = ex.events('start');
  assert.equal(starts.filter((s) => s.role === 'primary').length, 1, 'the primary itself never restarted');
  assert.equal(new Set(ex.pids('worker')).size, 4, 'four distinct worker PIDs in all');
});
