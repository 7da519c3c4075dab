// A quick look at whether this browser reaches a host, for a WebContainer boot that would otherwise
// wait out its whole timeout on a network that blocks StackBlitz (issue 22).

/** How long the check may take before it says nothing (a slow network is not a blocked one). */
export const PROBE_MS = 4000;
/** After a failed check, how long the boot still has to prove it wrong (a check may fail where the
 * boot works: a browser extension that blocks only fetches, say). Long enough for a warm boot, and
 * still a fraction of the 30 s timeout. */
export const GRACE_MS = 5000;

/**
 * Resolves with a sentence when `url` cannot be reached (a network error, not a slow answer) and
 * `pending()` has not settled within GRACE_MS after that; otherwise never resolves. A no-cors
 * request: its answer is opaque, only whether one came matters.
 */
export function quickReachability(url: string, pending: () => Promise<unknown>, fetchFn: typeof fetch = fetch): Promise<string> {
  const started = Date.now();
  const host = new URL(url).host;
  return new Promise((resolve) => {
    fetchFn(url, { mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(PROBE_MS) }).then(
      () => {},
      (err: unknown) => {
        if ((err as Error)?.name === 'TimeoutError' || (err as Error)?.name === 'AbortError') return; // slow: keep waiting for the boot
        const after = ((Date.now() - started) / 1000).toFixed(1);
        let settled = false;
        pending().then(
          () => (settled = true),
          () => (settled = true),
        );
        setTimeout(() => {
          if (!settled) resolve(`this browser could not reach ${host} (a quick check failed after ${after} s)`);
        }, GRACE_MS);
      },
    );
  });
}
