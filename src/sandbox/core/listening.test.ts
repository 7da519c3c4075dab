import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isListeningOn, PROBE_DELAYS_MS, waitUntilListening } from './listening.ts';

const after = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test('the marker ends the wait at once, without a probe', async () => {
  let probes = 0;
  const ok = await waitUntilListening({ marker: after(5), probe: async () => ++probes < 0, active: () => true });
  assert.equal(ok, true);
  assert.equal(probes, 0, 'answered before the first probe was due');
});

test('a probe still waiting for its answer does not hold up the marker', { timeout: 5000 }, async () => {
  let probes = 0;
  const ok = await waitUntilListening({
    marker: after(PROBE_DELAYS_MS[0]! + 30),
    probe: () => {
      probes++;
      return new Promise<boolean>(() => {}); // an agent that never answers
    },
    active: () => true,
  });
  assert.equal(ok, true);
  assert.equal(probes, 1);
});

test('with no marker, probes find the port, less often as the wait grows', async () => {
  const times: number[] = [];
  const t0 = performance.now();
  const ok = await waitUntilListening({
    marker: new Promise(() => {}),
    probe: async () => times.push(performance.now() - t0) === 6,
    active: () => true,
  });
  assert.equal(ok, true);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  assert.equal(times.length, 6);
  assert.ok(gaps.at(-1)! > gaps[0]!, `gaps grow: ${gaps.map(Math.round).join(', ')} ms`);
});

test('a wait that stopped mattering (Stop, or the server exited) returns false', async () => {
  let active = true;
  setTimeout(() => (active = false), 40);
  assert.equal(await waitUntilListening({ marker: new Promise(() => {}), probe: async () => false, active: () => active }), false);
});

test('a listening marker for another port does not count; one without a port does', () => {
  assert.equal(isListeningOn({ type: 'listening', t: 0, pid: 1, port: 4000 }, 3000), false);
  assert.equal(isListeningOn({ type: 'listening', t: 0, pid: 1, port: 3000 }, 3000), true);
  assert.equal(isListeningOn({ type: 'listening', t: 0, pid: 1 }, 3000), true);
  assert.equal(isListeningOn({ type: 'start', t: 0, pid: 1, role: 'single' }, 3000), false);
});
