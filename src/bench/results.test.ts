// Not a timed test: it checks that the bench's record (bench/results.json, written by `npm run bench`)
// has a measured row for every budget of budgets.ts, on every page with sandboxes, so the record
// cannot silently lose a budget when pages or measurements change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { requiredKeys } from './budgets.ts';
import type { BenchRecord } from './record.ts';

const record = JSON.parse(readFileSync(new URL('../../bench/results.json', import.meta.url), 'utf8')) as BenchRecord;

test('the bench record has a measured row for every budget and page', () => {
  const measured = new Map(record.rows.filter((r) => r.key && r.values).map((r) => [r.key!, r]));
  const missing = requiredKeys().filter((key) => !measured.has(key));
  assert.deepEqual(missing, [], 'run `npm run bench` and commit bench/results.json');
  for (const key of requiredKeys()) {
    const row = measured.get(key)!;
    assert.ok(row.budget, `${key} states its budget`);
    assert.equal(typeof row.ok, 'boolean', `${key} says whether it is within its budget`);
  }
});

test('the bench record says when and where it was measured', () => {
  assert.ok(!Number.isNaN(Date.parse(record.date)));
  assert.ok(record.machine.cores > 0 && record.machine.cpu && record.machine.loadAtStart.length === 3);
});
