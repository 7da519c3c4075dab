import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabEvent } from '../core/events.ts';
import { ReplaySchedule, playTimes } from './replay-schedule.ts';

const events: LabEvent[] = [
  { type: 'start', t: 0, pid: 1, role: 'primary' },
  { type: 'start', t: 120, pid: 2, role: 'worker' },
  { type: 'listening', t: 900, pid: 2, port: 3000 },
  { type: 'exit', t: 9900, pid: 2, code: null, signal: 'SIGKILL' },
];

/** A clock the test moves by hand. */
function fakeClock() {
  let now = 1000;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    clock: {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => {
        const timer = { at: now + ms, fn };
        timers.push(timer);
        return timer;
      },
      clearTimeout: (h: unknown) => void timers.splice(timers.indexOf(h as never), 1),
    },
    advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fn();
      }
    },
  };
}

test('playTimes keeps the recorded spacing and shortens only long quiet stretches', () => {
  assert.deepEqual(playTimes(events, 1500), [0, 120, 900, 2400]);
  // A request is seen when it ends: it plays then, and keeps its start time before that.
  const request: LabEvent = { type: 'request', t: 100, pid: 2, ms: 400, status: 200, path: '/' };
  assert.deepEqual(playTimes([events[0]!, request], 1500), [0, 500]);
});

test('a replay pushes each event at its time, shifted to now, then calls done', () => {
  const { clock, advance } = fakeClock();
  const pushed: LabEvent[] = [];
  let done = false;
  const replay = new ReplaySchedule(events, (e) => pushed.push(e), { clock, done: () => (done = true) });
  replay.play();
  assert.deepEqual(
    pushed.map((e) => e.t),
    [1000],
    'the first at once',
  );
  advance(119);
  assert.equal(pushed.length, 1, 'not before its time');
  advance(1);
  assert.deepEqual(
    pushed.map((e) => e.t),
    [1000, 1120],
  );
  advance(780);
  assert.equal(pushed.length, 3);
  assert.equal(replay.playing, true);
  advance(1500);
  assert.deepEqual(
    pushed.map((e) => [e.type, e.t]),
    [
      ['start', 1000],
      ['start', 1120],
      ['listening', 1900],
      ['exit', 3400],
    ],
  );
  assert.equal(done, true);
  assert.equal(replay.playing, false);
});

test('stop() ends a replay; play() starts it again from the first event', () => {
  const { clock, advance } = fakeClock();
  const pushed: LabEvent[] = [];
  const replay = new ReplaySchedule(events, (e) => pushed.push(e), { clock });
  replay.play();
  replay.stop();
  advance(5000);
  assert.equal(pushed.length, 1);
  replay.play();
  assert.equal(pushed.length, 2);
  assert.equal(pushed[1]!.type, 'start');
});

test('a replayed request keeps its duration: it starts that long before it is pushed', () => {
  const { clock, advance } = fakeClock();
  const pushed: LabEvent[] = [];
  const request: LabEvent = { type: 'request', t: 100, pid: 2, ms: 400, status: 200, path: '/' };
  new ReplaySchedule([events[0]!, request], (e) => pushed.push(e), { clock }).play();
  advance(500);
  assert.deepEqual(
    pushed.map((e) => e.t),
    [1000, 1100],
  );
});
