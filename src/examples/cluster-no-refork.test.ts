// Claims of the deployment guide about the cluster-no-refork example, checked under real Node:
// node:cluster does not replace a dead worker, so after /crash one PID answers everything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('cluster-no-refork: after /crash the one remaining worker answers every request', async (t) => {
  const ex = await runExample('cluster-no-refork', { t });
  await ex.waitFor(() => ex.events('listening').length === 2, 10_000, 'two workers listening');
  const workers = ex.pids('worker');
  assert.equal(new Set(workers).size, 2);

  const before = await ex.session.burst({ method: 'GET', path: '/' }, 10, 5);
  assert.deepEqual([...new Set(before.map((r) => r.pid))].sort(), [...workers].sort(), 'both workers serve at first');

  const crash = await ex.session.request({ method: 'GET', path: '/crash' });
  assert.equal(crash.status, 200);
  const dead = crash.pid!;
  assert.ok(workers.includes(dead));
  assert.match(crash.body ?? '', new RegExp(`worker ${dead} exits with code 1`));
  const survivor = workers.find((pid) => pid !== dead)!;

  await ex.waitFor(() => ex.events('exit').some((e) => e.pid === dead), 5000, 'the primary to log the exit');
  const exit = ex.events('exit').find((e) => e.pid === dead)!;
  assert.equal(exit.code, 1);
  assert.equal(exit.signal, null);
  assert.match(ex.output(), new RegExp(`^primary: worker ${dead} died \\(code 1\\); not replaced, 1 worker\\(s\\) left$`, 'm'));

  const after = await ex.session.burst({ method: 'GET', path: '/' }, 10, 5);
  assert.equal(after.length, 10);
  assert.ok(
    after.every((r) => r.status === 200 && r.pid === survivor),
    `only ${survivor} answers: ${JSON.stringify(after.map((r) => r.pid ?? r.error))}`,
  );

  await sleep(500);
  assert.equal(ex.events('start').length, 3, 'no worker was forked to replace it');

  // Kill the last one too: the pool is empty, the primary has nothing left to do and ends.
  assert.equal((await ex.session.kill(survivor, 'SIGKILL')).ok, true);
  await ex.waitFor(() => ex.events('exit').some((e) => e.pid === survivor), 5000, 'the last worker to exit');
  assert.equal(ex.events('exit').find((e) => e.pid === survivor)!.signal, 'SIGKILL');
  assert.match(ex.output(), /^primary: no workers left/m);
  await ex.waitFor(() => ex.session.status === 'stopped', 5000, 'the primary to exit');
  assert.deepEqual(
    ex
      .events('exit')
      .filter((e) => e.pid === null)
      .map((e) => e.code),
    [0],
    'the primary exits with code 0',
  );
  const refused = await ex.session.request({ method: 'GET', path: '/' });
  assert.equal(refused.ok, false);
  assert.equal(ex.events('start').length, 3);
});
