// The clock of a Replay: plays a recorded run's events (in the order the run saw them, t in ms from
// the first) at their real pace,
// each shifted to now so the timeline reads them as live. Long quiet stretches are shortened to
// `maxGapMs` (the timeline cuts such gaps out of its axis too); everything else keeps its recorded
// spacing. Framework-free, so it is tested under Node with a fake clock.
import type { LabEvent } from '../core/events.ts';

export interface ReplayClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ReplayOptions {
  /** Quiet stretches longer than this are played as this long (default 1500 ms). */
  maxGapMs?: number;
  clock?: ReplayClock;
  /** Called after the last event. */
  done?: () => void;
}

/** When the run saw an event: a request's event carries its start time and is known once it ends. */
export function seenAt(event: LabEvent): number {
  return event.t + (event.type === 'request' ? event.ms : 0);
}

/** The recorded offsets with long gaps shortened: when each event plays, in ms from the start. */
export function playTimes(events: readonly LabEvent[], maxGapMs = 1500): number[] {
  const times: number[] = [];
  let at = 0;
  events.forEach((event, i) => {
    if (i > 0) at += Math.min(Math.max(0, seenAt(event) - seenAt(events[i - 1]!)), maxGapMs);
    times.push(at);
  });
  return times;
}

export class ReplaySchedule {
  private timer: unknown = null;
  private index = 0;
  private base = 0;
  private readonly times: number[];
  private readonly clock: ReplayClock;
  private readonly events: readonly LabEvent[];
  private readonly push: (event: LabEvent) => void;
  private readonly options: ReplayOptions;

  constructor(events: readonly LabEvent[], push: (event: LabEvent) => void, options: ReplayOptions = {}) {
    this.events = events;
    this.push = push;
    this.options = options;
    this.times = playTimes(events, options.maxGapMs);
    this.clock = options.clock ?? { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) };
  }

  get playing(): boolean {
    return this.timer !== null;
  }

  /** Start from the first event. */
  play(): void {
    this.stop();
    this.index = 0;
    this.base = this.clock.now();
    this.next();
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private next(): void {
    while (this.index < this.events.length && this.base + this.times[this.index]! <= this.clock.now()) {
      const i = this.index++;
      const event = this.events[i]!;
      // Shifted to now; a request keeps its duration, so it started that long before it is seen.
      this.push({ ...event, t: this.base + this.times[i]! - (seenAt(event) - event.t) });
    }
    if (this.index >= this.events.length) {
      this.timer = null;
      this.options.done?.();
      return;
    }
    this.timer = this.clock.setTimeout(() => this.next(), this.base + this.times[this.index]! - this.clock.now());
  }
}
