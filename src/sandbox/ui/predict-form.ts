// The "predict first" question of a track step (markup: src/components/TrackStep.astro). A reader
// answers it in the static view, before the first Run: the loader locks the answer there, and the
// live track view (track.ts), once loaded, takes it up. One function locks it for both.

/** Sent on the form when an answer is locked; its detail is the answer. The live track view
 * cancels it (preventDefault) to say it handles what is said next. */
export const PREDICTED_EVENT = 'lab-predicted';

/** Show `answer` as locked: radios disabled and the answer checked; Predict only marked disabled
 * (aria-disabled), so it keeps keyboard focus. */
export function showLocked(form: HTMLElement, answer: string): void {
  for (const input of form.querySelectorAll<HTMLInputElement>('input')) {
    input.disabled = true;
    input.checked = input.value === answer;
  }
  for (const button of form.querySelectorAll<HTMLButtonElement>('button')) button.setAttribute('aria-disabled', 'true');
}

/** Predict was pressed: lock the checked answer and say what to do next. A prediction is final. */
export function predictPressed(form: HTMLElement): void {
  if (form.dataset.predicted) return;
  const result = form.parentElement?.querySelector<HTMLElement>('[data-lab-track-result]');
  const chosen = form.querySelector<HTMLInputElement>('input:checked')?.value;
  if (!chosen) {
    if (result) result.textContent = 'Pick one answer first.';
    return;
  }
  form.dataset.predicted = chosen;
  showLocked(form, chosen);
  const handled = !form.dispatchEvent(new CustomEvent(PREDICTED_EVENT, { detail: chosen, cancelable: true }));
  // Before the sandbox has loaded, nothing can be running yet.
  if (!handled && result) result.textContent = `You predicted: ${chosen}. Now press Run and do the steps, and see what really happens.`;
}
