// The reader's progress through the onboarding track, kept in localStorage. Storage can be full or
// disabled: reads then find nothing and writes report why, so the track still works for this page.
import { describeStorageError, type SaveResult } from './persistence.ts';
import type { Prediction } from './track.ts';
import { PROGRESS_KEY } from './progress-key.ts';

export { PROGRESS_KEY };

export interface StepRecord {
  /** When the step was done (ISO). */
  at: string;
  predicted?: Prediction;
  /** What really happened, in the prediction's words. */
  observed?: string;
}

export interface ProgressRecord {
  /** Keyed by stepKey(guide, step id). */
  steps: Record<string, StepRecord>;
}

/** The guide and step ids a summary or a mark needs, nothing more (the sidebar's script carries this). */
export interface TrackOutline {
  slug: string;
  title: string;
  minutes: number;
  steps: string[];
}

export const stepKey = (guide: string, step: string): string => `${guide}#${step}`;

export function loadProgress(storage: Storage | null): ProgressRecord {
  try {
    const raw = storage?.getItem(PROGRESS_KEY);
    const parsed = raw ? (JSON.parse(raw) as ProgressRecord) : null;
    if (!parsed || typeof parsed.steps !== 'object' || parsed.steps === null) return { steps: {} };
    const steps: Record<string, StepRecord> = {};
    for (const [key, value] of Object.entries(parsed.steps)) if (typeof value?.at === 'string') steps[key] = value;
    return { steps };
  } catch {
    return { steps: {} };
  }
}

function write(storage: Storage | null, record: ProgressRecord): SaveResult {
  try {
    if (!storage) throw new Error('no storage');
    storage.setItem(PROGRESS_KEY, JSON.stringify(record));
    return { ok: true };
  } catch (err) {
    return { ok: false, error: describeStorageError(err).replace('Your edits', 'Your track progress') };
  }
}

/** Record a done step (the first time wins: a later, different prediction does not rewrite history). */
export function completeStep(storage: Storage | null, key: string, record: StepRecord): SaveResult {
  const progress = loadProgress(storage);
  if (progress.steps[key]) return { ok: true };
  progress.steps[key] = record;
  return write(storage, progress);
}

export function resetProgress(storage: Storage | null): SaveResult {
  try {
    storage?.removeItem(PROGRESS_KEY);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: describeStorageError(err).replace('Your edits', 'Your track progress') };
  }
}

export type GuideState = { done: boolean; stepsDone: number; steps: number; at?: string };

export function guideState(progress: ProgressRecord, guide: TrackOutline): GuideState {
  const records = guide.steps.map((id) => progress.steps[stepKey(guide.slug, id)]).filter((r): r is StepRecord => r !== undefined);
  const done = records.length === guide.steps.length && guide.steps.length > 0;
  const at = done
    ? records
        .map((r) => r.at)
        .sort()
        .at(-1)
    : undefined;
  return { done, stepsDone: records.length, steps: guide.steps.length, at };
}

/** A short plain-text summary to paste into an onboarding ticket. */
export function progressSummary(progress: ProgressRecord, track: TrackOutline[], today: Date = new Date()): string {
  const states = track.map((g) => guideState(progress, g));
  const done = states.filter((s) => s.done).length;
  const lines = [`Lifecycle Lab onboarding track: ${done} of ${track.length} guides done (as of ${today.toISOString().slice(0, 10)})`];
  track.forEach((guide, i) => {
    const s = states[i]!;
    const status = s.done ? `done ${s.at!.slice(0, 10)}` : s.stepsDone ? `${s.stepsDone} of ${s.steps} steps` : 'not started';
    lines.push(`[${s.done ? 'x' : ' '}] ${i + 1}. ${guide.title} (~${guide.minutes} min): ${status}`);
  });
  const predictions = Object.values(progress.steps).filter((r) => r.predicted);
  if (predictions.length) {
    const right = predictions.filter((r) => r.predicted === r.observed).length;
    lines.push(`Predictions: ${right} of ${predictions.length} right before running.`);
  }
  return lines.join('\n');
}
