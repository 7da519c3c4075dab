// The right to run examples on this machine, page side. `npm start` (and `npm run dev`) print the
// site's address with a secret in its fragment (#lab-secret=…): a fragment never reaches a server, a
// log or a Referer. The first thing every page runs (CLAIM_SCRIPT, inline in <head>) moves it into
// this origin's localStorage and takes it out of the address (history.replaceState), so the tab's
// history keeps no copy. localStorage belongs to one origin, port included: another server on
// localhost, on another port, can neither read it nor receive it, unlike a cookie, which browsers send
// to every port of a host. The page presents it as the X-Lab-Right header when it asks the runner for
// its token (runner-socket.ts); the runner's side is src/runner/run-right.ts.
// No Node imports: bundled into the browser.

export const RIGHT_PARAM = 'lab-secret';
export const RIGHT_HEADER = 'X-Lab-Right';
export const RIGHT_KEY = 'lifecycle-lab:right';
/** Where CLAIM_SCRIPT leaves the right when neither storage would take it (this page only), and why. */
export const RIGHT_GLOBAL = '__labRight';

/**
 * Runs first on every page, before any other script reads the address. Plain ES2017, self-contained.
 * - `#lab-secret=<value>`: kept in localStorage (a full or blocked one: in sessionStorage, this tab
 *   only; failing that, in a global for this page), then removed from the address, query and path kept.
 * - The same address opened over an already open page changes only the fragment, so the page does not
 *   load again: the script claims on `hashchange` too, then reloads, so the sandboxes see the right.
 * It never throws: storage that refuses is recorded in the global's `problem` (the error's name).
 */
export const CLAIM_SCRIPT = `(function () {
  var KEY = ${JSON.stringify(RIGHT_KEY)}, PARAM = ${JSON.stringify(RIGHT_PARAM)}, GLOBAL = ${JSON.stringify(RIGHT_GLOBAL)};
  function claim() {
    var value = null;
    try { value = new URLSearchParams(location.hash.slice(1)).get(PARAM); } catch (e) {}
    if (!value) return false;
    var problem = null;
    try {
      localStorage.setItem(KEY, value);
      try { sessionStorage.removeItem(KEY); } catch (e) {}
    } catch (e) {
      problem = (e && e.name) || 'Error';
      try { sessionStorage.setItem(KEY, value); } catch (e2) {}
      window[GLOBAL] = { value: value, problem: problem };
    }
    try { history.replaceState(history.state, '', location.pathname + location.search); } catch (e) { location.hash = ''; }
    return true;
  }
  claim();
  window.addEventListener('hashchange', function () { if (claim()) location.reload(); });
})();`;

interface Claimed {
  value?: unknown;
  problem?: unknown;
}

const claimed = (): Claimed | undefined => (globalThis as Record<string, unknown>)[RIGHT_GLOBAL] as Claimed | undefined;

function read(storage: () => Storage | undefined): string | null {
  try {
    return storage()?.getItem(RIGHT_KEY) || null;
  } catch {
    return null;
  }
}

/** The right this page holds: claimed on this page, in this tab, or in this origin's storage. */
export function heldRight(): string | null {
  const value = claimed()?.value;
  if (typeof value === 'string' && value) return value;
  return read(() => globalThis.sessionStorage) ?? read(() => globalThis.localStorage);
}

const FULL = "this browser's storage for this site is full, so it could not keep the right to run from the printed address";
const BLOCKED = 'this browser does not let this site keep data (a private window or a policy), so it could not keep the right to run';

function storageReason(name: string): string {
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' ? FULL : BLOCKED;
}

/** When the browser lacks the right: why storage may be the cause (it refused the right on this page,
 * or refuses a value of its size now), or null when storage is fine. */
export function rightStorageProblem(): string | null {
  const problem = claimed()?.problem;
  if (typeof problem === 'string') return storageReason(problem);
  const probe = `${RIGHT_KEY}:probe`;
  try {
    const storage = globalThis.localStorage;
    if (!storage) return null;
    storage.setItem(probe, 'x'.repeat(64));
    storage.removeItem(probe);
    return null;
  } catch (err) {
    return storageReason(String((err as { name?: unknown } | null)?.name ?? ''));
  }
}
