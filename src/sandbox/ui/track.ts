// The onboarding track inside a sandbox: the step(s) this example counts for, what is still to do,
// the "predict, then run" question, and, once done, what really happened beside the prediction.
// The matching is StepWatcher's (core/track.ts), fed with this sandbox's Session events; a done step
// is recorded in localStorage (core/progress.ts) and announced to the sidebar and Start here.
import type { Session } from '../core/session.ts';
import type { FileTree } from '../core/runtime.ts';
import { completeStep, loadProgress, stepKey } from '../core/progress.ts';
import { safeLocalStorage } from '../core/persistence.ts';
import { PREDICTIONS, requirementText, StepWatcher, type Observation, type Prediction, type SandboxStep } from '../core/track.ts';
import { h, uid } from './dom.ts';

import { PROGRESS_EVENT } from '../core/progress-key.ts';

function observationText(o: Observation): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
  return `that code ran ${plural(o.runs, 'time')} (once per process start) for ${plural(o.requests, 'answered request')} from ${plural(o.workers, 'process')}: ${o.outcome}`;
}

class TrackStepView {
  readonly element: HTMLElement;
  private readonly watcher: StepWatcher;
  private readonly entry: SandboxStep;
  private readonly list: HTMLOListElement;
  private readonly result: HTMLElement;
  private readonly predictBox: HTMLElement | null;
  private recorded: boolean;
  /** Whether the sandbox's server runs now (a prediction made then needs a Restart to count). */
  private readonly running: () => boolean;

  constructor(entry: SandboxStep, files: () => FileTree, running: () => boolean) {
    this.entry = entry;
    this.running = running;
    this.watcher = new StepWatcher(entry.step, files);
    const earlier = loadProgress(safeLocalStorage()).steps[stepKey(entry.guide, entry.step.id)];
    this.recorded = earlier !== undefined;
    this.list = h('ol', { class: 'lab-track-reqs' });
    this.result = h('p', { class: 'lab-track-result', 'aria-live': 'polite' });
    if (earlier) this.result.textContent = `You did this step on ${earlier.at.slice(0, 10)}; it counts toward the track.`;
    this.predictBox = entry.step.predict ? this.predictForm(entry.step.predict.question) : null;
    this.element = h(
      'div',
      { class: 'lab-track', role: 'group', 'aria-label': `Track step: ${entry.guideTitle}` },
      h('p', { class: 'lab-panel-title' }, `Onboarding track · ${entry.guideTitle}`),
      h('p', {}, entry.step.text),
      this.predictBox,
      this.list,
      this.result,
    );
    this.render();
  }

  private predictForm(question: string): HTMLElement {
    const name = uid('predict');
    const form = h(
      'fieldset',
      { class: 'lab-track-predict' },
      h('legend', {}, `Predict first: ${question}`),
      ...PREDICTIONS.map((p) => h('label', {}, h('input', { type: 'radio', name, value: p }), ` ${p}`)),
    );
    const lock = h('button', { type: 'button' }, 'Predict');
    form.append(' ', lock);
    lock.addEventListener('click', () => {
      if (lock.getAttribute('aria-disabled') === 'true') return;
      if (!this.lockPrediction(form)) this.result.textContent = 'Pick one answer first.';
    });
    return form;
  }

  /** Take the checked answer as the prediction. With a server already running, the reader is told
   * to Restart: the run compared with the prediction must start after it. */
  private lockPrediction(form: HTMLElement): boolean {
    const chosen = form?.querySelector<HTMLInputElement>('input:checked')?.value as Prediction | undefined;
    if (!chosen || !this.watcher.predict(chosen)) return false;
    this.render();
    this.result.textContent = this.running()
      ? `You predicted: ${chosen}. A server is already running from before your prediction: press Restart, then do the steps, so the run you compare starts after it.`
      : `You predicted: ${chosen}. Now do the steps below and see what really happens.`;
    return true;
  }

  push(event: Parameters<StepWatcher['push']>[0]): void {
    if (!this.watcher.push(event)) return;
    this.render();
    if (this.watcher.done) this.finish();
  }

  private render(): void {
    const predicting = this.entry.step.predict && this.watcher.prediction === null;
    if (this.predictBox) {
      // The radios are disabled; the button only marked so (aria-disabled): it keeps keyboard focus.
      for (const input of this.predictBox.querySelectorAll<HTMLInputElement>('input')) input.disabled = !predicting;
      for (const button of this.predictBox.querySelectorAll<HTMLButtonElement>('button')) button.setAttribute('aria-disabled', String(!predicting));
      if (this.watcher.prediction) this.predictBox.querySelector<HTMLInputElement>(`input[value="${this.watcher.prediction}"]`)!.checked = true;
    }
    this.list.replaceChildren(
      ...this.entry.step.requires.map((r, i) => {
        const met = i < this.watcher.met;
        const current = i === this.watcher.met && !predicting;
        const count = 'request' in r && current && (r.count ?? 1) > 1 ? ` (${this.watcher.progress} so far)` : '';
        return h(
          'li',
          { 'data-met': String(met) },
          h('span', { 'aria-hidden': 'true' }, met ? '✓ ' : '○ '),
          requirementText(r) + count,
          met ? h('span', { class: 'sr-only' }, ' (done)') : null,
        );
      }),
    );
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

/** Show this example's track steps at the end of `place` (the guide's "Try this" steps, or the
 * request panel) and follow them through the session's events. */
export function attachTrack(place: HTMLElement, steps: SandboxStep[], session: Session, files: () => FileTree): void {
  if (!steps.length) return;
  const running = () => place.closest<HTMLElement>('lab-sandbox')?.dataset.state === 'running';
  const views = steps.map((s) => new TrackStepView(s, files, running));
  place.append(...views.map((v) => v.element));
  session.subscribe({
    event: (event) => {
      for (const v of views) v.push(event);
    },
  });
}
