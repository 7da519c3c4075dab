// Timeline geometry, text and bounded history, from event sequences shaped like real runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabEvent } from '../../core/events.ts';
import { ProcessTable, buildProcessTable } from '../../core/process-table.ts';
import { GEOMETRY, activitySegments, assignTracks, layoutTimeline, niceStep, type TimelineLayout } from './layout.ts';
import { EventHistory } from '../../core/event-history.ts';
import { describeEvent, statusClass } from './format.ts';
import { formatDuration, formatLatency } from '../format.ts';

const T = 1_795_840_814_452;
const ev = {
  run: (t: number): LabEvent => ({ type: 'session', t: T + t, action: 'run' }),
  session: (t: number, action: 'run' | 'stop' | 'restart' | 'edit'): LabEvent => ({ type: 'session', t: T + t, action }),
  start: (t: number, pid: number, role: 'single' | 'primary' | 'worker' | 'thread'): LabEvent => ({ type: 'start', t: T + t, pid, role }),
  listening: (t: number, pid: number): LabEvent => ({ type: 'listening', t: T + t, pid, port: 3000 }),
  mark: (t: number, pid: number, name: string): LabEvent => ({ type: 'mark', t: T + t, pid, name, fields: { n: '1' } }),
  request: (t: number, pid: number | null, status: number | null = 200, ms = 10): LabEvent => ({
    type: 'request',
    t: T + t,
    pid,
    ms,
    status,
    path: '/',
    ...(status === null ? { error: 'ECONNREFUSED' } : {}),
  }),
  exit: (t: number, pid: number | null, code: number | null, signal: string | null = null): LabEvent => ({ type: 'exit', t: T + t, pid, code, signal }),
};

const cluster: LabEvent[] = [
  ev.run(0),
  ev.start(61, 100, 'primary'),
  ev.start(132, 101, 'worker'),
  ev.start(140, 102, 'worker'),
  ev.listening(158, 102),
  ev.mark(159, 102, 'ready'),
  ev.listening(161, 101),
];
const burst = (t: number, count: number, pids: (number | null)[], ms = 10) =>
  Array.from({ length: count }, (_, i) => ev.request(t + i * 2, pids[i % pids.length]!, 200, ms));

const layout = (events: LabEvent[], width = 390, mode: 'fit' | 'follow' = 'fit') => layoutTimeline(events, buildProcessTable(events), { width, mode });
const lane = (l: TimelineLayout, pid: number) => l.lanes.find((x) => x.pid === pid)!;

function assertInside(l: TimelineLayout) {
  for (const lane of l.lanes) {
    for (const b of lane.bars) assert.ok(b.x >= 0 && b.x + b.w <= l.width, `bar ${b.x}+${b.w} inside ${l.width}`);
    for (const p of lane.points) assert.ok(p.x >= 0 && p.x <= l.width - GEOMETRY.right + 1, `point ${p.x}`);
    assert.ok(lane.y + lane.height <= l.height);
  }
}

test('a burst of 20 to 2 workers: one lane per process, one mark of 10 in each worker lane, counts in the labels', () => {
  const l = layout([...cluster, ...burst(3000, 20, [101, 102])]);
  assert.deepEqual(
    l.lanes.map((x) => x.label),
    ['primary 100 · 0 requests', 'worker 101 · 10 requests', 'worker 102 · 10 requests'],
  );
  for (const pid of [101, 102]) {
    assert.deepEqual(
      lane(l, pid).bars.map((b) => [b.count, b.cls, b.title]),
      [[10, 's2xx', 'A burst of 10 requests: 10 × 2xx']],
    );
  }
  assert.equal(l.requests, 20);
  assert.equal(l.width, 390, 'fit mode stays in the width');
  assertInside(l);
  // The idle 2.8 s between startup and the burst is cut out and labelled.
  assert.equal(l.breaks.length, 1);
  assert.match(l.breaks[0]!.label, /^≈2\.8\d? s$/);
  // Lanes stack vertically below the axis, labels above their lifeline.
  const ys = l.lanes.map((x) => x.y);
  assert.deepEqual(
    ys,
    [...ys].sort((a, b) => a - b),
  );
  assert.equal(ys[0], GEOMETRY.axis);
  for (const x of l.lanes) assert.ok(x.lifeY > x.y + GEOMETRY.label - 1);
  // Points: start on each lane, listening and the mark on the worker that printed them.
  assert.deepEqual(
    lane(l, 102).points.map((p) => p.kind),
    ['start', 'listening', 'mark'],
  );
  assert.match(lane(l, 102).points[2]!.title, /^ready \(pid 102\): n=1$/);
});

test('overlapping requests stack on up to 4 tracks, so concurrency shows', () => {
  assert.deepEqual(
    assignTracks([
      { x: 0, w: 10 },
      { x: 5, w: 10 },
      { x: 12, w: 2 },
      { x: 20, w: 5 },
    ]),
    [0, 1, 0, 0],
  );
  const many = Array.from({ length: 6 }, () => ({ x: 0, w: 10 }));
  assert.deepEqual(assignTracks(many).slice(0, 4), [0, 1, 2, 3]);
  assert.ok(assignTracks(many).every((t) => t < GEOMETRY.maxTracks));
  // Two overlapping requests keep their own bars, on two tracks.
  const l = layout([...cluster, ev.request(3000, 101, 200, 50), ev.request(3010, 101, 200, 50)]);
  assert.equal(new Set(lane(l, 101).bars.map((b) => b.y)).size, 2);
});

test('a burst is one mark per process, with its count and its worst outcome; lone requests keep their bars', () => {
  const events = [...cluster, ...burst(3000, 8, [101], 50), ev.request(3004, 101, 500, 50), ev.request(9000, 101)];
  const bars = lane(layout(events), 101).bars;
  assert.deepEqual(
    bars.map((b) => [b.count, b.cls]),
    [
      [9, 's5xx'],
      [1, 's2xx'],
    ],
  );
  assert.equal(bars[0]!.title, 'A burst of 9 requests: 1 × 5xx, 8 × 2xx');
  assert.equal(new Set(bars.map((b) => b.y)).size, 1, 'one track: no slivers stacked');
});

test('kill + refork: the dead lane ends in a cross labelled with the signal, the new worker has its own lane', () => {
  const events = [
    ...cluster,
    ...burst(3000, 4, [101, 102]),
    ev.exit(3500, 102, null, 'SIGKILL'),
    ev.start(3550, 103, 'worker'),
    ev.listening(3560, 103),
    ...burst(5000, 4, [101, 103]),
  ];
  const l = layout(events);
  const dead = lane(l, 102);
  assert.equal(dead.label, 'worker 102 · 2 requests · exited');
  assert.deepEqual([dead.exit?.label, dead.exit?.clean], ['SIGKILL', false]);
  assert.equal(dead.life!.alive, false);
  assert.equal(dead.life!.x1, dead.exit!.x);
  const fresh = lane(l, 103);
  assert.equal(fresh.life!.alive, true);
  assert.ok(fresh.life!.x0 > dead.life!.x0);
  assert.ok(Math.abs(fresh.life!.x1 - lane(l, 101).life!.x1) < 1e-9, 'live lanes run to the right end');
  assertInside(l);
});

test('restart: stop + server exit + run merge into labelled lines; old lanes end, new ones begin', () => {
  const events = [
    ...cluster,
    ev.session(5000, 'restart'),
    ev.session(5001, 'stop'),
    ev.exit(5010, null, 143),
    ev.session(5013, 'run'),
    ev.start(5070, 200, 'single'),
    ev.listening(5080, 200),
  ];
  // Narrow: session lines a few px apart merge; a label that would collide is left to the tooltip.
  const narrow = layout(events, 390);
  assert.deepEqual(
    narrow.lines.slice(0, 2).map((x) => [x.kind, x.label]),
    [
      ['run', 'run'],
      ['restart', 'restart'],
    ],
  );
  assert.match(narrow.lines[1]!.title, /^restart: .*\nstop: /);
  assert.ok(narrow.lines.some((x) => /^server exit: the process the sandbox started ended \(code 143\)$/m.test(x.title)));
  // Zoomed in they stand apart, and labels that would collide are left to the tooltip.
  const l = layout(events, 800, 'follow');
  assert.deepEqual(
    l.lines.map((x) => x.kind),
    ['run', 'restart', 'run'],
  ); // the server's exit merges with the run 3 ms later
  for (const lines of [narrow.lines, l.lines]) {
    const labelled = lines.filter((x) => x.label);
    for (let i = 1; i < labelled.length; i++) assert.ok(labelled[i]!.x >= labelled[i - 1]!.x + labelled[i - 1]!.label.length * 6);
  }
  for (const pid of [100, 101, 102]) {
    assert.equal(lane(l, pid).exit?.label, 'code 143');
    assert.equal(lane(l, pid).exit?.clean, true, 'a stop is not a failure');
  }
  assert.equal(lane(l, 200).life!.alive, true);
});

test('a crash of the server alone is an "exit" line, and its code is not clean', () => {
  const l = layout([ev.run(0), ev.start(50, 7, 'single'), ev.listening(60, 7), ev.exit(400, null, 1)]);
  assert.deepEqual(
    l.lines.map((x) => [x.kind, x.label]),
    [
      ['run', 'run'],
      ['exit', 'exit'],
    ],
  );
  assert.deepEqual([lane(l, 7).exit?.label, lane(l, 7).exit?.clean], ['code 1', false]);
});

test('requests that no process answered go to a lane of their own, coloured as errors', () => {
  const l = layout([...cluster, ev.request(300, null, null), ev.request(305, 101, 500), ev.request(2305, 101, 404), ev.request(4305, 101, 302)]);
  const other = l.lanes[l.lanes.length - 1]!;
  assert.equal(other.pid, null);
  assert.equal(other.life, null);
  assert.deepEqual(
    other.bars.map((b) => b.cls),
    ['error'],
  );
  assert.match(other.bars[0]!.title, /error \(ECONNREFUSED\)/);
  assert.deepEqual(
    lane(l, 101).bars.map((b) => b.cls),
    ['s5xx', 's4xx', 's3xx'],
  );
});

test('follow mode keeps a fixed scale and grows to the right; fit mode squeezes', () => {
  const events = [...cluster, ev.request(180, 101, 200, 40), ...burst(400, 50, [101, 102], 40)];
  const follow = layout(events, 390, 'follow');
  assert.ok(follow.width > 390);
  const a = lane(follow, 101).bars[0]!;
  assert.equal(a.count, 1);
  assert.ok(Math.abs(a.w - 40) < 1e-6, '1 px per ms');
  const fit = layout(events, 390, 'fit');
  assert.equal(fit.width, 390);
  assertInside(fit);
  assertInside(follow);
});

test('many idle gaps in fit mode still fit in a narrow width; labels drop when gaps get thin', () => {
  const events: LabEvent[] = [...cluster];
  for (let i = 1; i <= 30; i++) events.push(ev.request(i * 5000, 101));
  const l = layout(events, 390);
  assert.equal(l.breaks.length, 30);
  assert.ok(l.breaks.every((b) => b.width >= 6 && b.label === ''));
  assert.ok(l.width <= 400);
});

test('ticks count from the first event, without overlapping labels', () => {
  const l = layout([...cluster, ...burst(400, 40, [101, 102], 30)], 800, 'follow');
  assert.equal(l.ticks[0]!.label, '0 ms');
  for (let i = 1; i < l.ticks.length; i++) assert.ok(l.ticks[i]!.x - l.ticks[i - 1]!.x >= l.ticks[i - 1]!.label.length * 6);
  assert.ok(l.ticks.some((t) => t.label === '200 ms'));
});

test('tick labels keep clear of the labels of cut-out idle stretches', () => {
  const events: LabEvent[] = [...cluster];
  for (let i = 1; i <= 4; i++) events.push(...burst(i * 2500, 10, [101, 102], 30));
  for (const width of [600, 800, 1200]) {
    const l = layout(events, width);
    const labelled = l.breaks.filter((b) => b.label);
    assert.ok(labelled.length > 0);
    for (const t of l.ticks) {
      for (const b of labelled) {
        const [a, z] = [b.x + b.width / 2 - (b.label.length * 6) / 2, b.x + b.width / 2 + (b.label.length * 6) / 2];
        assert.ok(t.x + 2 + t.label.length * 6 <= a || t.x >= z, `tick ${t.label} at ${t.x} vs break ${b.label} at ${b.x}`);
      }
    }
  }
});

test('a process started before the window has a lifeline from the left edge', () => {
  const all = [...cluster, ...burst(3000, 30, [101, 102])];
  const history = new EventHistory<LabEvent>(20);
  const table = new ProcessTable();
  for (const e of all) {
    history.push(e);
    table.apply(e);
  }
  const l = layoutTimeline(history.list(), table.rows, { width: 390, mode: 'fit' });
  assert.equal(history.dropped, all.length - 20);
  assert.equal(lane(l, 101).life!.fromBefore, true);
  assert.equal(lane(l, 101).life!.x0, GEOMETRY.left);
  assert.equal(lane(l, 101).label, 'worker 101 · 15 requests', 'counts come from the whole run, not the window');
  assert.equal(l.requests, 20);
});

test('no events, no lanes', () => {
  const l = layout([]);
  assert.deepEqual([l.lanes.length, l.height], [0, 0]);
});

test('the history keeps the last N events and counts the rest', () => {
  const h = new EventHistory<number>(2000);
  for (let i = 0; i < 5000; i++) h.push(i);
  assert.equal(h.dropped, 3000);
  assert.equal(h.size, 2000);
  const list = h.list();
  assert.equal(list.length, 2000);
  assert.deepEqual([list[0], list[1999]], [3000, 4999]);
  h.push(5000);
  assert.equal(h.dropped, 3001);
  assert.deepEqual([h.list()[0], h.list().at(-1)], [3001, 5000]);
  h.clear();
  assert.deepEqual([h.size, h.dropped, h.list().length], [0, 0, 0]);
  assert.throws(() => new EventHistory(0));
});

test('segments and steps', () => {
  assert.deepEqual(
    activitySegments([ev.run(0), ev.request(10, 1, 200, 2000), ev.start(1500, 2, 'worker'), ev.start(4100, 2, 'worker')], 1000).map((s) => [
      s.t0 - T,
      s.t1 - T,
    ]),
    [
      [0, 2010],
      [4100, 4100],
    ],
  );
  assert.deepEqual([niceStep(70), niceStep(100), niceStep(130), niceStep(0.3)], [100, 100, 200, 0.5]);
});

test('words: durations, latencies, status classes and event lines', () => {
  assert.deepEqual(
    [formatDuration(0), formatDuration(120.4), formatDuration(1250), formatDuration(12_540), formatDuration(185_000), formatDuration(120_000)],
    ['0 ms', '120 ms', '1.25 s', '12.5 s', '3 min 5 s', '2 min'],
  );
  assert.deepEqual([formatLatency(0.42), formatLatency(3.6)], ['0.4 ms', '4 ms']);
  assert.deepEqual([statusClass(200), statusClass(301), statusClass(404), statusClass(503), statusClass(null)], ['s2xx', 's3xx', 's4xx', 's5xx', 'error']);
  assert.deepEqual(describeEvent(ev.start(0, 5, 'worker')), { pid: '5', what: 'start', detail: 'module code started (worker)' });
  assert.deepEqual(describeEvent(ev.request(0, 5, 200, 3.2)), { pid: '5', what: 'request', detail: '/ → 200, 3 ms' });
  assert.deepEqual(describeEvent(ev.request(0, null, null, 1)), { pid: '', what: 'request', detail: '/ → error: ECONNREFUSED, 1 ms' });
  assert.deepEqual(describeEvent(ev.exit(0, 5, null, 'SIGKILL')), { pid: '5', what: 'exit', detail: 'SIGKILL' });
  assert.equal(describeEvent(ev.exit(0, null, 0)).what, 'server exit');
  assert.deepEqual(describeEvent(ev.mark(0, 5, 'ready')), { pid: '5', what: 'ready', detail: 'n=1' });
});
