// Claims of the forking-vs-spawning guide about the worker-threads example, checked under real Node:
// module scope runs once per thread (3 times), one PID throughout, two thread ids share the requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

test('worker-threads: module scope runs in each of 3 threads, all in one PID; 2 threads answer', async (t) => {
  const ex = await runExample('worker-threads', { t });
  // A worker thread's console.log reaches stdout through the main thread, a little later than
  // its marker can: wait for all three lines before counting them.
  const evaluatedLines = () => ex.output().match(/^module scope evaluated: thread \d+, pid \d+$/gm)?.length ?? 0;
  await ex.waitFor(() => ex.events('start').length >= 3 && evaluatedLines() >= 3, 10_000, 'three start markers and three module lines');
  const starts = ex.events('start');
  assert.equal(starts.length, 3);
  assert.deepEqual(starts.map((s) => s.role).sort(), ['single', 'thread', 'thread']);
  const pid = starts[0]!.pid;
  assert.ok(
    starts.every((s) => s.pid === pid),
    'every thread reports the same pid',
  );
  const evaluated = [...ex.output().matchAll(/^module scope evaluated: thread (\d+), pid (\d+)$/gm)];
  assert.deepEqual(evaluated.map((m) => Number(m[1])).sort(), [0, 1, 2]);
  assert.ok(evaluated.every((m) => Number(m[2]) === pid));

  const burst = await ex.session.burst({ method: 'GET', path: '/' }, 10, 5);
  assert.equal(burst.length, 10);
  assert.ok(
    burst.every((r) => r.status === 200 && r.pid === pid),
    'one PID answers everything',
  );
  const threads = burst.map((r) => Number(/answered by thread (\d+) in pid (\d+)/.exec(r.body ?? '')?.[1]));
  assert.deepEqual([...new Set(threads)].sort(), [1, 2]);
  assert.equal(threads.filter((thread) => thread === 1).length, 5, 'the threads take turns');
  for (const thread of [1, 2]) {
    const counts = burst.filter((_, i) => threads[i] === thread).map((r) => Number(/request #(\d+)/.exec(r.body ?? '')?.[1]));
    assert.deepEqual(
      counts.sort((a, b) => a - b),
      [1, 2, 3, 4, 5],
      `thread ${thread} keeps its own counter`,
    );
  }
  assert.equal(ex.events('start').length, 3, 'requests start no new thread or process');
});
