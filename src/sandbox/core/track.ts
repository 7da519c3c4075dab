// The onboarding track's steps (declared in content/track.json) and how a step is matched against a
// sandbox's real Session events. Reading a guide never completes a step: only running the example,
// sending the requests and running the edit the step asks for do. No DOM: the sandbox UI feeds events
// in and shows the state; the tests feed events from real runs under Node.
import type { LabEvent, Role } from './events.ts';
import type { FileTree } from './runtime.ts';

/** One thing the reader does, in order. `item`: the guide's numbered "Try this" step (from 1) that
 * gets its ✓ when this, and every other requirement naming that item, is met. */
export type Requirement = { item: number } /** The example's server accepts connections (a `listening` marker). */ & (
  | { run: true }
  /** `count` answered requests to exactly this path (with query), sent after the previous requirement was met. */
  | { request: string; count?: number }
  /** A server process started with `edit` changed: containing `includes` and/or no longer containing `excludes`.
   * Typing alone does not count; the edited code must run (Restart, or a `node --watch` restart). */
  | { edit: string; includes?: string; excludes?: string }
);

export const PREDICTIONS = ['once', 'per request', 'per worker', 'never'] as const;
export type Prediction = (typeof PREDICTIONS)[number];

export interface PredictSpec {
  question: string;
  /** Whose `start` markers count as "it ran": module scope runs once in each process that starts. */
  roles: Role[];
}

export interface TrackStep {
  id: string;
  /** The example (content/examples/<id>) the step is done in. */
  example: string;
  text: string;
  /** Ask the reader to predict first; the step needs a prediction made before the run. */
  predict?: PredictSpec;
  requires: Requirement[];
}

export interface TrackGuide {
  /** The page's slug, e.g. "guides/startup-vs-request". */
  slug: string;
  summary: string;
  steps: TrackStep[];
}

/** A step as a sandbox sees it: the step and the guide it belongs to. */
export interface SandboxStep {
  guide: string;
  guideTitle: string;
  step: TrackStep;
}

/** What really happened, counted from the run's events. */
export interface Observation {
  /** Processes of the predicted roles that started (each ran module scope once). */
  runs: number;
  /** Requests answered. */
  requests: number;
  /** Distinct PIDs that answered them. */
  workers: number;
  /** The outcome in the prediction's words, or "<n> times" when it fits none. */
  outcome: Prediction | string;
}

/** Name the pattern: never, per request, per worker, once (in that order: 21 runs for 21 requests
 * is "per request" even in one process). */
export function classify(runs: number, requests: number, workers: number): Prediction | string {
  if (runs === 0) return 'never';
  if (requests >= 2 && runs >= requests) return 'per request';
  if (workers >= 2 && runs === workers) return 'per worker';
  if (runs === 1) return 'once';
  return `${runs} times`;
}

export function requirementText(r: Requirement): string {
  if ('run' in r) return 'Run the example';
  if ('request' in r) return `Send GET ${r.request}${(r.count ?? 1) > 1 ? ` (${r.count} answered)` : ''}`;
  const what = r.includes ? `so it contains "${r.includes}"` : `so it no longer contains "${r.excludes}"`;
  return `Edit ${r.edit} ${what}, and run the edited code`;
}

/** The "Try this" items a step ticks, each with whether it is done now: an item is done when every
 * requirement naming it is met (requirements are met in order, so: when its last one is). */
export function itemsDone(requires: Requirement[], met: number): Map<number, boolean> {
  const done = new Map<number, boolean>();
  for (const [i, r] of requires.entries()) done.set(r.item, i < met);
  return done;
}

export function editMatches(r: Extract<Requirement, { edit: string }>, files: FileTree): boolean {
  const text = files[r.edit];
  if (text === undefined) return false;
  if (r.includes !== undefined && !text.includes(r.includes)) return false;
  if (r.excludes !== undefined && text.includes(r.excludes)) return false;
  return true;
}

const SERVER_ROLES = new Set<Role>(['single', 'primary']);

/** Follows one step through a sandbox's events. */
export class StepWatcher {
  readonly step: TrackStep;
  private readonly files: () => FileTree;
  /** Index of the requirement being worked on. */
  private index = 0;
  /** Answered requests counted toward the current request requirement. */
  private counted = 0;
  private predicted: Prediction | null = null;
  /** Events of the current run (since the last Run or Restart), for the observation. */
  private run: LabEvent[] = [];

  constructor(step: TrackStep, files: () => FileTree) {
    this.step = step;
    this.files = files;
  }

  get prediction(): Prediction | null {
    return this.predicted;
  }

  /** Requirements met so far. */
  get met(): number {
    return this.index;
  }

  /** Answered requests so far toward the current request requirement. */
  get progress(): number {
    return this.counted;
  }

  get done(): boolean {
    return this.index >= this.step.requires.length && (!this.step.predict || this.predicted !== null);
  }

  /** The reader predicts. Predicting means "before running": the requirements start over, so the
   * run that is compared with the prediction is one made after it. A prediction is final. */
  predict(answer: Prediction): boolean {
    if (!this.step.predict || this.predicted !== null) return false;
    this.predicted = answer;
    this.index = 0;
    this.counted = 0;
    return true;
  }

  /** Feed one Session event. Returns true when the step's state changed. */
  push(event: LabEvent): boolean {
    if (event.type === 'session' && (event.action === 'run' || event.action === 'restart')) this.run = [];
    this.run.push(event);
    // With a prediction asked for, nothing counts before it is made.
    if (this.step.predict && this.predicted === null) return false;
    const current = this.step.requires[this.index];
    if (!current) return false;
    if ('run' in current) return event.type === 'listening' && this.advance();
    if ('request' in current) {
      if (event.type !== 'request' || event.path !== current.request || event.status === null) return false;
      this.counted += 1;
      if (this.counted >= (current.count ?? 1)) return this.advance();
      return true;
    }
    // An edit counts when a server process starts running it.
    if (event.type === 'start' && SERVER_ROLES.has(event.role) && editMatches(current, this.files())) return this.advance();
    return false;
  }

  private advance(): true {
    this.index += 1;
    this.counted = 0;
    return true;
  }

  /** What the current run shows for the prediction's question. */
  observe(): Observation | null {
    const spec = this.step.predict;
    if (!spec) return null;
    const roles = new Set(spec.roles);
    const runs = this.run.filter((e) => e.type === 'start' && roles.has(e.role)).length;
    const answered = this.run.filter((e): e is Extract<LabEvent, { type: 'request' }> => e.type === 'request' && e.status !== null);
    const workers = new Set(answered.map((e) => e.pid)).size;
    return { runs, requests: answered.length, workers, outcome: classify(runs, answered.length, workers) };
  }
}
