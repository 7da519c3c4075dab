// "Run on this machine instead" reloads the page on the local runtime. This key (sessionStorage)
// names the sandbox to come back to and run, so the reader lands on it with its output in view
// instead of at the top of a fresh page (app.ts sets it; loader.ts takes it).
export const RESUME_KEY = 'lifecycle-lab:resume';

/** Whether this sandbox asked to be run after the reload; the request is used up. */
export function takeResume(anchor: string): boolean {
  try {
    if (sessionStorage.getItem(RESUME_KEY) !== anchor) return false;
    sessionStorage.removeItem(RESUME_KEY);
    return true;
  } catch {
    return false;
  }
}
