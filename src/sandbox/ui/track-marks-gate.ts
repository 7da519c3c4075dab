// Every page's sidebar runs this, and it is all most readers pay for the track's marks: the marks'
// code (track-marks.ts and the outline reader, about 2 KB gzip) loads only when there is progress
// to show, now (saved in this browser), or later (a step done in this tab or in another one).
import { PROGRESS_EVENT, PROGRESS_KEY } from '../core/progress-key.ts';

let loaded = false;
function loadMarks(): void {
  if (loaded) return;
  loaded = true;
  void import('./track-marks.ts').catch(() => {
    loaded = false; // a failed load (offline, a new deploy) is tried again on the next change
  });
}

function hasProgress(): boolean {
  try {
    return localStorage.getItem(PROGRESS_KEY) !== null;
  } catch {
    return false; // storage blocked: there is nothing saved to mark
  }
}

if (hasProgress()) loadMarks();
window.addEventListener(PROGRESS_EVENT, loadMarks);
window.addEventListener('storage', (event) => {
  if (event.key === PROGRESS_KEY && event.newValue !== null) loadMarks();
});
