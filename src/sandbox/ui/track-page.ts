// The track on Start here (src/components/Track.astro): each guide's state from localStorage, and
// the Export and Reset buttons. The summary is plain text for an onboarding ticket.
import { guideState, loadProgress, progressSummary, resetProgress } from '../core/progress.ts';
import { safeLocalStorage } from '../core/persistence.ts';
import { PROGRESS_EVENT } from '../core/progress-key.ts';
import { readOutline } from './track-outline.ts';

const root = document.querySelector<HTMLElement>('[data-track]');

function show(): void {
  if (!root) return;
  const progress = loadProgress(safeLocalStorage());
  for (const guide of readOutline()) {
    const state = root.querySelector<HTMLElement>(`[data-guide="${guide.slug}"] [data-track-state]`);
    if (!state) continue;
    const s = guideState(progress, guide);
    state.dataset.trackState = s.done ? 'done' : s.stepsDone ? 'started' : 'not-started';
    state.textContent = s.done ? `done ${s.at!.slice(0, 10)}` : s.stepsDone ? `${s.stepsDone} of ${s.steps} steps done` : 'not started';
  }
}

if (root) {
  const message = root.querySelector<HTMLElement>('[data-track-message]')!;
  const summary = root.querySelector<HTMLTextAreaElement>('[data-track-summary]')!;
  const exportButton = root.querySelector<HTMLButtonElement>('[data-track-export]')!;
  const resetButton = root.querySelector<HTMLButtonElement>('[data-track-reset]')!;
  exportButton.disabled = false;
  resetButton.disabled = false;
  exportButton.addEventListener('click', async () => {
    const text = progressSummary(loadProgress(safeLocalStorage()), readOutline());
    summary.value = text;
    summary.hidden = false;
    summary.select();
    try {
      await navigator.clipboard.writeText(text);
      message.textContent = 'Summary copied. Paste it into your onboarding ticket.';
    } catch {
      message.textContent = 'Copy the summary below into your onboarding ticket.';
    }
  });
  resetButton.addEventListener('click', () => {
    if (!confirm('Forget your progress on the track?')) return;
    const result = resetProgress(safeLocalStorage());
    message.textContent = result.ok ? 'Progress reset: every guide is not started again.' : result.error;
    summary.hidden = true;
    show();
    window.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
  });
  show();
  window.addEventListener('storage', show);
}
