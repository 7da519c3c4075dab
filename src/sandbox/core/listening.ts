// When a session's server is listening. Events first: the example prints `[lab] listening port=N`
// (content/examples/_shared/lab.js) from its listen callback, when the port already accepts
// connections, so the session knows at once instead of on the next tick of a poll. A reader's own
// code may print no marker: then the request agent probes the port. The first probe waits 150 ms
// (node itself takes about 50-100 ms to start a server, and a probe needs the agent running, whose
// start would compete with the server's for the CPU); later ones come after 100 ms, doubling to
// 400 ms, so a slow server does not cost a probe every few ms. A probe in flight never holds up
// the marker.
import type { LabEvent } from './events.ts';

export const PROBE_DELAYS_MS = [150, 100, 200, 400];

/** Whether a marker says the server listens on `port` (a marker without a port counts). */
export const isListeningOn = (event: LabEvent, port: number): boolean => event.type === 'listening' && (event.port === undefined || event.port === port);

export interface ListeningWait {
  /** Resolves when the marker was printed. */
  marker: Promise<void>;
  /** Ask the request agent whether the port accepts connections. */
  probe: () => Promise<boolean>;
  /** False once the wait no longer matters (the server exited, or Stop or Run again). */
  active: () => boolean;
  /** Called on every probe that found nothing, with the time waited so far (ms). */
  onWaiting?: (waitedMs: number) => void;
}

/** Resolves true when the server listens, false when the wait stopped mattering first. */
export async function waitUntilListening({ marker, probe, active, onWaiting }: ListeningWait): Promise<boolean> {
  let heard = false;
  void marker.then(() => (heard = true));
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    const delay = PROBE_DELAYS_MS[Math.min(attempt, PROBE_DELAYS_MS.length - 1)]!;
    await Promise.race([marker, new Promise((r) => setTimeout(r, delay))]);
    if (!active()) return false;
    if (heard || (await Promise.race([probe(), marker.then(() => true)]))) return active();
    onWaiting?.(performance.now() - started);
  }
}
