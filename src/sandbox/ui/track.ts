// The onboarding track inside a sandbox: the step(s) this example counts for, what is still to do,
// the "predict, then run" question, and, once done, what really happened beside the prediction.
// The matching is StepWatcher's (core/track.ts), fed with this sandbox's Session events; a done step
// is recorded in localStorage (core/progress.ts) and announced to the sidebar and Start here.
import type { Session } from '../core/session.ts';
import type { FileTree } from '../core/runtime.ts';
import { completeStep, loadProgress, stepKey } from '../core/progress.ts';
import { safeLocalStorage } from '../core/persistence.ts';
import { itemsDone, requirementText, StepWatcher, type Observation, type Prediction, type SandboxStep } from '../core/track.ts';
import { PREDICTED_EVENT, showLocked } from './predict-form.ts';
import { h } from './dom.ts';

import { PROGRESS_EVENT } from '../core/progress-key.ts';

function observationText(o: Observation): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
  return `that code ran ${plural(o.runs, 'time')} (once per process start) for ${plural(o.requests, 'answered request')} from ${plural(o.workers, 'process')}: ${o.outcome}`;
}

class TrackStepView {
  private readonly watcher: StepWatcher;
  private readonly entry: SandboxStep;
  /** The guide's numbered "Try this" steps that the requirements tick, or null: then `list` shows them. */
  private readonly items: HTMLElement[] | null;
  private readonly list: HTMLOListElement | null = null;
  private readonly result: HTMLElement;
  private readonly predictForm: HTMLElement | null;
  private recorded: boolean;
  /** Whether the sandbox's server runs now (a prediction made then needs a Restart to count). */
  private readonly running: () => boolean;

  /** `group`: the step's static markup (components/TrackStep.astro). */
  constructor(entry: SandboxStep, group: HTMLElement, items: HTMLElement[] | null, files: () => FileTree, running: () => boolean) {
    this.entry = entry;
    this.running = running;
    this.items = items;
    this.watcher = new StepWatcher(entry.step, files);
    const earlier = loadProgress(safeLocalStorage()).steps[stepKey(entry.guide, entry.step.id)];
    this.recorded = earlier !== undefined;
    this.result = group.querySelector<HTMLElement>('[data-lab-track-result]')!;
    this.predictForm = group.querySelector<HTMLElement>('[data-lab-predict-form]');
    // Answered in the static view, before this loaded: nothing has run since.
    const early = this.predictForm?.dataset.predicted as Prediction | undefined;
    if (early) this.watcher.predict(early);
    else if (earlier) this.result.textContent = `You did this step on ${earlier.at.slice(0, 10)}; it counts toward the track.`;
    this.predictForm?.addEventListener(PREDICTED_EVENT, (event) => {
      event.preventDefault(); // said here, with whether a server already runs
      this.lockPrediction((event as CustomEvent<Prediction>).detail);
    });
    if (!items) {
      this.list = h('ol', { class: 'lab-track-reqs' });
      this.result.before(this.list);
    }
    this.render();
  }

  /** Take the answer as the prediction. With a server already running, the reader is told to
   * Restart: the run compared with the prediction must start after it. */
  private lockPrediction(chosen: Prediction): void {
    if (!this.watcher.predict(chosen)) return;
    this.render();
    this.result.textContent = this.running()
      ? `You predicted: ${chosen}. A server is already running from before your prediction: press Restart, then do the steps, so the run you compare starts after it.`
      : `You predicted: ${chosen}. Now do the steps and see what really happens.`;
  }

  push(event: Parameters<StepWatcher['push']>[0]): void {
    if (!this.watcher.push(event)) return;
    this.render();
    if (this.watcher.done) this.finish();
  }

  private render(): void {
    const predicting = this.entry.step.predict && this.watcher.prediction === null;
    if (this.predictForm && this.watcher.prediction) showLocked(this.predictForm, this.watcher.prediction);
    const requires = this.entry.step.requires;
    // "(4 of 20 so far)" on what is being done now, when it takes more than one request.
    const progress = (i: number) => {
      const r = requires[i]!;
      return 'request' in r && i === this.watcher.met && !predicting && (r.count ?? 1) > 1 ? ` (${this.watcher.progress} of ${r.count} so far)` : '';
    };
    if (this.list)
      this.list.replaceChildren(
        ...requires.map((r, i) => {
          const met = i < this.watcher.met;
          return h(
            'li',
            { 'data-met': String(met) },
            h('span', { 'aria-hidden': 'true' }, met ? '✓ ' : '○ '),
            requirementText(r) + progress(i),
            met ? h('span', { class: 'sr-only' }, ' (done)') : null,
          );
        }),
      );
    else
      for (const [n, met] of itemsDone(requires, this.watcher.met)) {
        const item = this.items![n - 1];
        if (!item) continue;
        const current = requires[this.watcher.met]?.item === n ? this.watcher.met : -1;
        item.dataset.met = String(met);
        item.querySelector(':scope > .lab-track-tick')?.remove();
        const note = met ? ' (done)' : current >= 0 ? progress(current) : '';
        // The ✓ itself is drawn in place of the step's number (sandbox.css); screen readers get words.
        if (note) item.append(h('span', { class: met ? 'lab-track-tick sr-only' : 'lab-track-tick' }, note));
      }
  }

  private finish(): void {
    const observed = this.watcher.observe();
    const predicted = this.watcher.prediction ?? undefined;
    const lines: string[] = [];
    if (observed && predicted)
      lines.push(
        `You predicted: ${predicted}. What happened: ${observationText(observed)}. ${predicted === observed.outcome ? 'Right.' : 'Not what you predicted: read the step again.'}`,
      );
    if (this.recorded) lines.push('Step done again.');
    else {
      const saved = completeStep(safeLocalStorage(), stepKey(this.entry.guide, this.entry.step.id), {
        at: new Date().toISOString(),
        predicted,
        observed: observed?.outcome,
      });
      this.recorded = true;
      lines.push(saved.ok ? `Step done: it counts toward “${this.entry.guideTitle}” on the track.` : `Step done, but ${saved.error}`);
      window.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
    }
    this.result.textContent = lines.join(' ');
  }
}

/** Follow this example's track steps (their markup is in the sandbox's static view) through the
 * session's events; on the guide's own page they tick its numbered "Try this" steps. */
export function attachTrack(sandbox: HTMLElement, steps: SandboxStep[], session: Session, files: () => FileTree): void {
  const running = () => sandbox.dataset.state === 'running';
  const items = [...sandbox.querySelectorAll<HTMLElement>('.sl-steps > li')];
  const views = steps.flatMap((s) => {
    const group = sandbox.querySelector<HTMLElement>(`[data-track-step="${s.step.id}"]`);
    return group ? [new TrackStepView(s, group, group.dataset.ticks === 'items' ? items : null, files, running)] : [];
  });
  session.subscribe({
    event: (event) => {
      for (const v of views) v.push(event);
    },
  });
}
