import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeStep, guideState, loadProgress, PROGRESS_KEY, progressSummary, resetProgress, stepKey, type TrackOutline } from './progress.ts';
import { MemoryStorage } from '../../test/memory-storage.ts';

const track: TrackOutline[] = [
  { slug: 'guides/a', title: 'Guide A', minutes: 12, steps: ['x', 'y'] },
  { slug: 'guides/b', title: 'Guide B', minutes: 9, steps: ['z'] },
];

test('a guide is done when every one of its steps is', () => {
  const storage = new MemoryStorage();
  assert.deepEqual(completeStep(storage, stepKey('guides/a', 'x'), { at: '2026-01-02T10:00:00Z' }), { ok: true });
  assert.deepEqual(guideState(loadProgress(storage), track[0]!), { done: false, stepsDone: 1, steps: 2, at: undefined });
  completeStep(storage, stepKey('guides/a', 'y'), { at: '2026-01-03T10:00:00Z', predicted: 'once', observed: 'once' });
  assert.deepEqual(guideState(loadProgress(storage), track[0]!), { done: true, stepsDone: 2, steps: 2, at: '2026-01-03T10:00:00Z' });
});

test('the first completion of a step is kept', () => {
  const storage = new MemoryStorage();
  completeStep(storage, 'k', { at: '2026-01-01T00:00:00Z', predicted: 'once', observed: 'once' });
  completeStep(storage, 'k', { at: '2026-02-01T00:00:00Z', predicted: 'never', observed: 'once' });
  assert.equal(loadProgress(storage).steps.k?.predicted, 'once');
});

test('the summary lists each guide, its state and the predictions', () => {
  const storage = new MemoryStorage();
  completeStep(storage, stepKey('guides/a', 'x'), { at: '2026-01-02T10:00:00Z', predicted: 'once', observed: 'once' });
  completeStep(storage, stepKey('guides/a', 'y'), { at: '2026-01-03T10:00:00Z', predicted: 'per request', observed: 'per worker' });
  const text = progressSummary(loadProgress(storage), track, new Date('2026-01-04T00:00:00Z'));
  assert.equal(
    text,
    [
      'Lifecycle Lab onboarding track: 1 of 2 guides done (as of 2026-01-04)',
      '[x] 1. Guide A (~12 min): done 2026-01-03',
      '[ ] 2. Guide B (~9 min): not started',
      'Predictions: 1 of 2 right before running.',
    ].join('\n'),
  );
});

test('full, disabled or damaged storage: nothing is lost silently and nothing throws', () => {
  const full = new MemoryStorage();
  full.quota = 0;
  const result = completeStep(full, 'k', { at: 'now' });
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.error : '', /track progress could not be saved: browser storage for this site is full/);
  const none = completeStep(null, 'k', { at: 'now' });
  assert.equal(none.ok, false);
  assert.deepEqual(loadProgress(null), { steps: {} });
  const damaged = new MemoryStorage();
  damaged.setItem(PROGRESS_KEY, '{not json');
  assert.deepEqual(loadProgress(damaged), { steps: {} });
  damaged.setItem(PROGRESS_KEY, JSON.stringify({ steps: { a: { at: 'x' }, b: 5, c: null } }));
  assert.deepEqual(Object.keys(loadProgress(damaged).steps), ['a']);
});

test('reset forgets everything', () => {
  const storage = new MemoryStorage();
  completeStep(storage, 'k', { at: 'now' });
  resetProgress(storage);
  assert.deepEqual(loadProgress(storage), { steps: {} });
});
