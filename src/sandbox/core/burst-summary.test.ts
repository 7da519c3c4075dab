import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, summarize } from './burst-summary.ts';

test('nearest-rank percentiles', () => {
  const ms = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20
  assert.equal(percentile(ms, 50), 10);
  assert.equal(percentile(ms, 95), 19);
  assert.equal(percentile(ms, 100), 20);
  assert.equal(percentile([7], 50), 7);
  assert.equal(percentile([7], 95), 7);
  assert.equal(percentile([1, 2, 3], 0), 1);
  assert.equal(percentile([], 50), null);
});

test('a burst of 20 to two workers: counts per pid in order of first answer, statuses, p50/p95', () => {
  const results = Array.from({ length: 20 }, (_, i) => ({ ok: true, status: 200, pid: i % 2 ? 4242 : 4243, ms: 20 - i }));
  const s = summarize(results);
  assert.equal(s.count, 20);
  assert.deepEqual(s.perPid, [
    { pid: 4243, count: 10 },
    { pid: 4242, count: 10 },
  ]);
  assert.deepEqual(s.statuses, [{ status: 200, count: 20 }]);
  assert.equal(s.p50, 10);
  assert.equal(s.p95, 19);
  assert.equal(s.errors, 0);
});

test('errors count apart and stay out of the latency; statuses sort with error last; missing x-pid is pid null', () => {
  const s = summarize([
    { ok: true, status: 500, pid: 1, ms: 3 },
    { ok: false, ms: 1 },
    { ok: true, status: 200, pid: 1, ms: 5 },
    { ok: true, status: 404, pid: null, ms: 4 },
    { ok: false },
  ]);
  assert.deepEqual(s.statuses, [
    { status: 200, count: 1 },
    { status: 404, count: 1 },
    { status: 500, count: 1 },
    { status: 'error', count: 2 },
  ]);
  assert.deepEqual(s.perPid, [
    { pid: 1, count: 2 },
    { pid: null, count: 1 },
  ]);
  assert.equal(s.errors, 2);
  assert.equal(s.p50, 4);
  assert.equal(s.p95, 5);
});

test('nothing answered: no percentiles', () => {
  const s = summarize([{ ok: false }, { ok: false }]);
  assert.deepEqual(s, { count: 2, perPid: [], statuses: [{ status: 'error', count: 2 }], p50: null, p95: null, errors: 2 });
  assert.deepEqual(summarize([]), { count: 0, perPid: [], statuses: [], p50: null, p95: null, errors: 0 });
});
