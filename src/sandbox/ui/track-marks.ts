// A mark beside each guide in the sidebar whose track steps the reader has done. Loaded by
// track-marks-gate.ts only for a reader with progress; it reads localStorage and nothing else.
// Updates when a sandbox records a step, in this tab (PROGRESS_EVENT) or another (the storage event).
import { guideState, loadProgress } from '../core/progress.ts';
import { PROGRESS_EVENT, PROGRESS_KEY } from '../core/progress-key.ts';
import { safeLocalStorage } from '../core/persistence.ts';
import { readOutline } from './track-outline.ts';

function mark(): void {
  const progress = loadProgress(safeLocalStorage());
  for (const guide of readOutline()) {
    const done = guideState(progress, guide).done;
    for (const link of document.querySelectorAll<HTMLAnchorElement>(`nav[aria-label="Main"] a[href$="/${guide.slug}/"]`)) {
      const existing = link.querySelector('.lab-track-mark');
      if (!done) existing?.remove();
      else if (!existing) {
        const badge = document.createElement('span');
        badge.className = 'lab-track-mark';
        badge.title = 'Done: you did its Try this steps';
        badge.innerHTML = '<span aria-hidden="true">✓</span><span class="sr-only"> (done)</span>';
        link.append(badge);
      }
    }
  }
}

mark();
window.addEventListener(PROGRESS_EVENT, mark);
window.addEventListener('storage', (event) => {
  if (event.key === PROGRESS_KEY || event.key === null) mark();
});
