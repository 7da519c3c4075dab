// Claims of guide 2 (state and config) about the cluster-counters example, checked under real Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';
import { loadExample } from './load.ts';

const countOf = (body: string | undefined) => Number(/has answered (\d+) request/.exec(body ?? '')?.[1]);

test('cluster-counters: module scope runs in the primary and both workers; two PIDs, two counters summing to 20', async (t) => {
  const ex = await runExample('cluster-counters', { t });
  await ex.waitFor(() => ex.events('listening').length === 2, 5000, 'both workers listening');
  const starts = ex.events('start');
  assert.deepEqual(starts.map((e) => e.role).sort(), ['primary', 'worker', 'worker']);
  assert.equal(new Set(starts.map((e) => e.pid)).size, 3);
  assert.equal(ex.output().match(/^module scope runs in process \d+/gm)?.length, 3);
  const workers = new Set(ex.pids('worker'));

  const burst = await ex.session.burst({ method: 'GET', path: '/' }, 20, 5);
  assert.equal(burst.length, 20);
  assert.ok(burst.every((r) => r.status === 200));
  // Exactly the two workers answered; the primary never does.
  const pids = new Set(burst.map((r) => r.pid));
  assert.deepEqual([...pids].sort(), [...workers].sort());

  // Each worker counted only its own requests: its answers carry 1..n, and the n add up to 20.
  const perPid = new Map<number, number[]>();
  for (const r of burst) perPid.set(r.pid!, [...(perPid.get(r.pid!) ?? []), countOf(r.body)]);
  let total = 0;
  for (const [pid, counts] of perPid) {
    counts.sort((a, b) => a - b);
    assert.deepEqual(
      counts,
      Array.from({ length: counts.length }, (_, i) => i + 1),
      `worker ${pid} counts`,
    );
    total += counts.length;
  }
  assert.equal(total, 20);

  // Round-robin: the primary hands each new connection to the next free worker. Five at a time
  // (above) the split is about 10 each but shifts when one worker is slower to take its turn
  // (observed 8 to 12 here, more skewed on a loaded machine); one at a time it alternates.
  const before = new Map([...perPid].map(([pid, counts]) => [pid, counts.length]));
  const sequential = await ex.session.burst({ method: 'GET', path: '/' }, 20, 1);
  assert.equal(sequential.length, 20);
  for (const pid of workers) {
    const answers = sequential.filter((r) => r.pid === pid);
    assert.ok(answers.length >= 9 && answers.length <= 11, `worker ${pid} answered ${answers.length} of 20 sequential requests`);
    // Its counter went on from where the burst left it.
    assert.equal(Math.max(...answers.map((r) => countOf(r.body))), before.get(pid)! + answers.length);
  }
});

test('cluster-counters: where node:cluster cannot fork, it says so and serves from one process', async (t) => {
  const { files } = loadExample('cluster-counters');
  const broken = `require('node:cluster').fork = () => { throw new Error('cluster.fork is not supported'); };\n${files['server.js']}`;
  const ex = await runExample('cluster-counters', { files: { 'server.js': broken }, t });
  const r = await ex.session.request({ method: 'GET', path: '/' });
  assert.equal(r.status, 200);
  assert.match(r.body ?? '', new RegExp(`^process ${r.pid} has answered 1 request`));
  assert.match(ex.output(), /node:cluster is not available here \(cluster\.fork is not supported\)/);
  assert.deepEqual(
    ex.events('start').map((e) => e.pid),
    [r.pid],
  );
});

test('cluster-counters: a worker that cannot listen says why, and the primary reports its exit', async (t) => {
  const { files } = loadExample('cluster-counters');
  const noListen =
    "if (!require('node:cluster').isPrimary) require('node:http').Server.prototype.listen = function () { process.nextTick(() => this.emit('error', new Error('listen is not supported'))); return this; };\n";
  // Nothing ever listens: the workers exit, then the primary (with no worker left) ends, and start() returns.
  const ex = await runExample('cluster-counters', { files: { 'server.js': noListen + files['server.js'] }, t });
  await ex.waitFor(() => ex.events('exit').filter((e) => e.pid !== null).length === 2, 5000, 'both worker exits');
  assert.equal(ex.output().match(/cannot listen \(listen is not supported\): this runtime may not share ports/g)?.length, 2);
  assert.deepEqual(
    ex
      .events('exit')
      .filter((e) => e.pid !== null)
      .map((e) => e.code),
    [1, 1],
  );
});
