import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, StepWatcher, type Requirement, type TrackStep } from './track.ts';
import type { LabEvent } from './events.ts';

const t = 0;
const run: LabEvent = { type: 'session', t, action: 'run' };
const start = (pid: number, role: 'single' | 'worker' | 'primary' | 'child' = 'single'): LabEvent => ({ type: 'start', t, pid, role });
const listening: LabEvent = { type: 'listening', t, pid: 10, port: 3000 };
const answered = (path: string, pid = 10): LabEvent => ({ type: 'request', t, pid, ms: 1, status: 200, path });
const failed = (path: string): LabEvent => ({ type: 'request', t, pid: null, ms: 1, status: null, error: 'refused', path });

/** A step with these requirements (the fields the watcher does not read are placeholders). */
const stepOf = (...requires: Requirement[]): TrackStep => ({ id: 's', example: 'e', text: '', requires });

const requestStep = stepOf({ run: true, item: 1 }, { request: '/', count: 2, item: 2 });

test('a step is done only after its requirements happen in order', () => {
  const w = new StepWatcher(requestStep, () => ({}));
  w.push(answered('/'));
  assert.equal(w.met, 0, 'a request before the server listens does not count');
  for (const e of [run, start(10), listening]) w.push(e);
  assert.equal(w.met, 1);
  w.push(answered('/other'));
  w.push(failed('/'));
  assert.equal(w.done, false, 'other paths and unanswered requests do not count');
  w.push(answered('/'));
  assert.equal(w.progress, 1);
  w.push(answered('/'));
  assert.equal(w.done, true);
});

test('an edit counts when a server process starts with it, not when it is typed', () => {
  let files = { 'a.js': 'first version' };
  const step = stepOf({ run: true, item: 1 }, { edit: 'a.js', excludes: 'first', item: 2 });
  const w = new StepWatcher(step, () => files);
  for (const e of [run, start(10), listening]) w.push(e);
  files = { 'a.js': 'edited version' };
  assert.equal(w.done, false);
  w.push(answered('/'));
  assert.equal(w.done, false, 'the running process still has the old code');
  w.push(start(11, 'child'));
  assert.equal(w.done, false, 'a child process is not the server');
  w.push(start(12));
  assert.equal(w.done, true);
});

test('an edit that does not match what the step asks for never counts', () => {
  const step = stepOf({ edit: 'a.js', includes: 'PRELOAD = false', item: 1 });
  const w = new StepWatcher(step, () => ({ 'a.js': 'PRELOAD = true // changed a comment' }));
  w.push(start(1));
  assert.equal(w.done, false);
});

test('a prediction must come before the run it is compared with, and is final', () => {
  const step: TrackStep = { ...requestStep, predict: { question: 'q', roles: ['single'] } };
  const w = new StepWatcher(step, () => ({}));
  for (const e of [run, start(10), listening, answered('/'), answered('/')]) w.push(e);
  assert.equal(w.met, 0, 'nothing counts before predicting');
  assert.equal(w.predict('per request'), true);
  assert.equal(w.predict('once'), false);
  assert.equal(w.prediction, 'per request');
  for (const e of [answered('/'), answered('/')]) w.push(e);
  assert.equal(w.done, false, 'the earlier run was before the prediction: run again');
  for (const e of [run, start(20), listening, answered('/'), answered('/')]) w.push(e);
  assert.equal(w.done, true);
  assert.deepEqual(w.observe(), { runs: 1, requests: 2, workers: 1, outcome: 'once' });
});

test('the observation counts the current run only, and only the asked roles', () => {
  const step: TrackStep = { ...stepOf(), predict: { question: 'q', roles: ['worker'] } };
  const w = new StepWatcher(step, () => ({}));
  for (const e of [run, start(1, 'primary'), start(2, 'worker'), start(3, 'worker'), answered('/', 2), answered('/', 3), answered('/', 2)]) w.push(e);
  assert.equal(w.observe()?.outcome, 'per worker');
  w.push(run);
  assert.equal(w.observe()?.outcome, 'never');
});

test('classify names the pattern', () => {
  assert.equal(classify(0, 5, 1), 'never');
  assert.equal(classify(1, 21, 1), 'once');
  assert.equal(classify(2, 20, 2), 'per worker');
  assert.equal(classify(3, 3, 1), 'per request');
  assert.equal(classify(1, 1, 1), 'once');
  assert.equal(classify(3, 20, 2), '3 times');
});
